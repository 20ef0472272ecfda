package io.parley.core.settings;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Encrypts and decrypts backup blobs: a 256-bit key derived from the password with Argon2id, and
 * AES-256-GCM with the whole header as associated data, so no header byte can change unnoticed.
 * Pure: no container.
 *
 * <p>Blob layout (all integers big-endian):
 *
 * <pre>
 * "PRLB"  magic (4)
 * 1       format version (1)
 * 1       KDF: Argon2id v1.3 (1)
 * m       memory in KiB (4)
 * t       iterations (4)
 * p       parallelism (1)
 * 16      salt length (1), then the salt
 * 12      nonce length (1), then the nonce
 *         ciphertext with the 16-byte GCM tag
 * </pre>
 *
 * The KDF parameters travel in the header, so the defaults can be raised without breaking old
 * blobs; {@link #open} accepts them only within bounds that keep a crafted blob from exhausting
 * memory.
 */
public final class BackupCipher {

  /** The cost of the password-to-key derivation. */
  public record KdfParameters(int memoryKib, int iterations, int parallelism) {

    /** 64 MiB, 3 passes, 1 lane. */
    public static final KdfParameters DEFAULT = new KdfParameters(64 * 1024, 3, 1);
  }

  public static final int VERSION = 1;

  private static final byte[] MAGIC = "PRLB".getBytes(StandardCharsets.US_ASCII);
  private static final int KDF_ARGON2ID = 1;
  private static final int SALT_BYTES = 16;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int KEY_BYTES = 32;
  private static final int MAX_MEMORY_KIB = 256 * 1024;
  private static final int MAX_ITERATIONS = 16;
  private static final int MAX_PARALLELISM = 8;
  private static final int FIXED_HEADER = MAGIC.length + 1 + 1 + 4 + 4 + 1;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KdfParameters kdf;

  public BackupCipher() {
    this(KdfParameters.DEFAULT);
  }

  /** A cipher that seals with {@code kdf}; opening always uses the parameters of the blob. */
  public BackupCipher(KdfParameters kdf) {
    this.kdf = kdf;
  }

  /** {@code plaintext} encrypted under {@code password}, with a fresh salt and nonce. */
  public byte[] seal(String password, byte[] plaintext) {
    byte[] salt = random(SALT_BYTES);
    byte[] nonce = random(NONCE_BYTES);
    ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER + 1 + SALT_BYTES + 1 + NONCE_BYTES);
    header
        .put(MAGIC)
        .put((byte) VERSION)
        .put((byte) KDF_ARGON2ID)
        .putInt(kdf.memoryKib())
        .putInt(kdf.iterations())
        .put((byte) kdf.parallelism())
        .put((byte) SALT_BYTES)
        .put(salt)
        .put((byte) NONCE_BYTES)
        .put(nonce);
    byte[] headerBytes = header.array();
    byte[] ciphertext =
        crypt(Cipher.ENCRYPT_MODE, password, kdf, salt, nonce, headerBytes, plaintext);
    byte[] blob = Arrays.copyOf(headerBytes, headerBytes.length + ciphertext.length);
    System.arraycopy(ciphertext, 0, blob, headerBytes.length, ciphertext.length);
    return blob;
  }

  /** The plaintext of {@code blob}; refused when the password is wrong or the blob not intact. */
  public byte[] open(String password, byte[] blob) throws InvalidBackupException {
    ByteBuffer in = ByteBuffer.wrap(blob);
    if (blob.length < FIXED_HEADER) {
      throw new InvalidBackupException("The backup data is truncated");
    }
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new InvalidBackupException("The data is not a Parley backup");
    }
    int version = Byte.toUnsignedInt(in.get());
    if (version != VERSION) {
      throw new InvalidBackupException(
          "Backup format version " + version + " is not supported (expected " + VERSION + ")");
    }
    int kdfId = Byte.toUnsignedInt(in.get());
    KdfParameters parameters =
        new KdfParameters(in.getInt(), in.getInt(), Byte.toUnsignedInt(in.get()));
    if (kdfId != KDF_ARGON2ID || !withinBounds(parameters)) {
      throw new InvalidBackupException("The backup data is damaged (key derivation parameters)");
    }
    byte[] salt = lengthPrefixed(in);
    byte[] nonce = lengthPrefixed(in);
    if (salt.length < 8 || nonce.length != NONCE_BYTES || in.remaining() < TAG_BITS / 8) {
      throw new InvalidBackupException("The backup data is truncated or damaged");
    }
    byte[] header = Arrays.copyOf(blob, in.position());
    byte[] ciphertext = Arrays.copyOfRange(blob, in.position(), blob.length);
    try {
      return crypt(Cipher.DECRYPT_MODE, password, parameters, salt, nonce, header, ciphertext);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof AEADBadTagException) {
        throw new InvalidBackupException("Wrong password, or the backup data is damaged");
      }
      throw e;
    }
  }

  private static byte[] lengthPrefixed(ByteBuffer in) throws InvalidBackupException {
    if (!in.hasRemaining()) {
      throw new InvalidBackupException("The backup data is truncated");
    }
    int length = Byte.toUnsignedInt(in.get());
    if (in.remaining() < length) {
      throw new InvalidBackupException("The backup data is truncated");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static boolean withinBounds(KdfParameters p) {
    return p.parallelism() >= 1
        && p.parallelism() <= MAX_PARALLELISM
        && p.iterations() >= 1
        && p.iterations() <= MAX_ITERATIONS
        && p.memoryKib() >= 8 * p.parallelism()
        && p.memoryKib() <= MAX_MEMORY_KIB;
  }

  private static byte[] crypt(
      int mode,
      String password,
      KdfParameters kdf,
      byte[] salt,
      byte[] nonce,
      byte[] header,
      byte[] input) {
    byte[] key = deriveKey(password, kdf, salt);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(header);
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] deriveKey(String password, KdfParameters kdf, byte[] salt) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(kdf.memoryKib())
            .withIterations(kdf.iterations())
            .withParallelism(kdf.parallelism())
            .build());
    byte[] key = new byte[KEY_BYTES];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), key);
    return key;
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
