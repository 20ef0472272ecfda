package io.parley.protocol.media;

import io.parley.protocol.crypto.Hmac;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Streams media through encryption and verified decryption. The encrypted file is {@code
 * AES-256-CBC(plaintext) || HMAC-SHA256(mac key, IV || ciphertext)}. Decryption makes two passes
 * over the encrypted file: the first checks its length, SHA-256 and MAC; only then the second
 * decrypts, into a temporary file whose plaintext hash is checked before it is moved to its
 * destination. Memory use is a fixed buffer whatever the file size.
 */
public final class MediaCipher {

  private static final int BUFFER = 64 * 1024;
  private static final int BLOCK = 16;

  private MediaCipher() {}

  /**
   * Encrypts {@code plaintext} to {@code encrypted} under a fresh media key; returns what the
   * message carries.
   */
  public static MediaDescriptor encrypt(
      InputStream plaintext, OutputStream encrypted, SecureRandom random) throws IOException {
    byte[] mediaKey = new byte[MediaKeys.MEDIA_KEY_LENGTH];
    random.nextBytes(mediaKey);
    MediaKeys keys = MediaKeys.expand(mediaKey);
    BufferedBlockCipher cipher = cipher(true, keys);
    Hmac mac = new Hmac(keys.macKey());
    mac.update(keys.iv(), 0, BLOCK);
    SHA256Digest plainHash = new SHA256Digest();
    SHA256Digest encryptedHash = new SHA256Digest();
    byte[] in = new byte[BUFFER];
    byte[] out = new byte[BUFFER + 2 * BLOCK];
    long plainLength = 0;
    long encryptedLength = 0;
    int n;
    while ((n = plaintext.read(in)) > 0) {
      plainHash.update(in, 0, n);
      plainLength += n;
      int produced = cipher.processBytes(in, 0, n, out, 0);
      encryptedLength += emit(out, produced, mac, encryptedHash, encrypted);
    }
    int produced;
    try {
      produced = cipher.doFinal(out, 0);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("padding on encryption cannot fail", e);
    }
    encryptedLength += emit(out, produced, mac, encryptedHash, encrypted);
    byte[] tag = mac.doFinal();
    encryptedHash.update(tag, 0, tag.length);
    encrypted.write(tag);
    encrypted.flush();
    encryptedLength += tag.length;
    return new MediaDescriptor(
        mediaKey, finish(plainHash), finish(encryptedHash), plainLength, encryptedLength);
  }

  /**
   * The length of the encrypted file of {@code plaintextLength} bytes: the plaintext padded to
   * whole AES blocks (always at least one byte of padding) and the MAC. A descriptor whose lengths
   * do not agree so describes no file this cipher made.
   */
  public static long encryptedLength(long plaintextLength) {
    if (plaintextLength < 0) {
      throw new IllegalArgumentException("a length is not negative");
    }
    return (plaintextLength / BLOCK + 1) * BLOCK + Hmac.TAG_LENGTH;
  }

  /**
   * Verifies the encrypted file {@code encrypted} against {@code expected}, then decrypts it to
   * {@code plaintext}. Nothing is written to {@code plaintext} unless every check passes.
   *
   * @throws MediaIntegrityException if the length, a hash or the MAC is wrong
   */
  public static void decrypt(Path encrypted, Path plaintext, MediaDescriptor expected)
      throws IOException, MediaIntegrityException {
    MediaKeys keys = MediaKeys.expand(expected.mediaKey());
    verify(encrypted, expected, keys);
    Path temp = Files.createTempFile(plaintext.toAbsolutePath().getParent(), ".media-", ".part");
    try {
      try (InputStream in = Files.newInputStream(encrypted);
          OutputStream out = Files.newOutputStream(temp)) {
        decryptVerified(in, expected.encryptedLength() - Hmac.TAG_LENGTH, out, keys, expected);
      }
      try {
        Files.move(
            temp, plaintext, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, plaintext, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Reads the encrypted stream into a temporary file in {@code workDirectory} (refusing more bytes
   * than expected), verifies and decrypts it, and only then writes the plaintext to {@code
   * plaintext}.
   */
  public static void decrypt(
      InputStream encrypted, OutputStream plaintext, MediaDescriptor expected, Path workDirectory)
      throws IOException, MediaIntegrityException {
    Path spooled = Files.createTempFile(workDirectory, ".media-", ".enc");
    Path decrypted = Files.createTempFile(workDirectory, ".media-", ".dec");
    try {
      try (OutputStream out = Files.newOutputStream(spooled)) {
        long copied = copy(encrypted, out, expected.encryptedLength() + 1);
        if (copied != expected.encryptedLength()) {
          throw new MediaIntegrityException("encrypted media length is not the expected one");
        }
      }
      decrypt(spooled, decrypted, expected);
      Files.copy(decrypted, plaintext);
      plaintext.flush();
    } finally {
      Files.deleteIfExists(spooled);
      Files.deleteIfExists(decrypted);
    }
  }

  private static void verify(Path encrypted, MediaDescriptor expected, MediaKeys keys)
      throws IOException, MediaIntegrityException {
    long length = Files.size(encrypted);
    long ciphertextLength = length - Hmac.TAG_LENGTH;
    if (length != expected.encryptedLength()
        || ciphertextLength < BLOCK
        || ciphertextLength % BLOCK != 0) {
      throw new MediaIntegrityException("encrypted media length is not the expected one");
    }
    Hmac mac = new Hmac(keys.macKey());
    mac.update(keys.iv(), 0, BLOCK);
    SHA256Digest hash = new SHA256Digest();
    byte[] tag = new byte[Hmac.TAG_LENGTH];
    try (InputStream in = Files.newInputStream(encrypted)) {
      byte[] buffer = new byte[BUFFER];
      long remaining = ciphertextLength;
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new MediaIntegrityException("encrypted media changed while being read");
        }
        mac.update(buffer, 0, n);
        hash.update(buffer, 0, n);
        remaining -= n;
      }
      if (in.readNBytes(tag, 0, tag.length) != tag.length) {
        throw new MediaIntegrityException("encrypted media changed while being read");
      }
    }
    hash.update(tag, 0, tag.length);
    // Both checks run before either verdict, so timing does not tell which one failed.
    boolean macOk = MessageDigest.isEqual(mac.doFinal(), tag);
    boolean hashOk = MessageDigest.isEqual(finish(hash), expected.encryptedSha256());
    if (!(macOk & hashOk)) {
      throw new MediaIntegrityException("encrypted media does not match its MAC or hash");
    }
  }

  private static void decryptVerified(
      InputStream in,
      long ciphertextLength,
      OutputStream out,
      MediaKeys keys,
      MediaDescriptor expected)
      throws IOException, MediaIntegrityException {
    BufferedBlockCipher cipher = cipher(false, keys);
    SHA256Digest hash = new SHA256Digest();
    byte[] buffer = new byte[BUFFER];
    byte[] plain = new byte[BUFFER + 2 * BLOCK];
    long remaining = ciphertextLength;
    long plainLength = 0;
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        throw new MediaIntegrityException("encrypted media changed while being read");
      }
      remaining -= n;
      int produced = cipher.processBytes(buffer, 0, n, plain, 0);
      hash.update(plain, 0, produced);
      out.write(plain, 0, produced);
      plainLength += produced;
    }
    int produced;
    try {
      produced = cipher.doFinal(plain, 0);
    } catch (InvalidCipherTextException e) {
      throw new MediaIntegrityException("bad padding in authenticated media");
    }
    hash.update(plain, 0, produced);
    out.write(plain, 0, produced);
    plainLength += produced;
    if (plainLength != expected.plaintextLength()
        || !MessageDigest.isEqual(finish(hash), expected.plaintextSha256())) {
      throw new MediaIntegrityException("decrypted media does not match its plaintext hash");
    }
  }

  private static BufferedBlockCipher cipher(boolean encrypt, MediaKeys keys) {
    BufferedBlockCipher cipher =
        new PaddedBufferedBlockCipher(
            CBCBlockCipher.newInstance(AESEngine.newInstance()), new PKCS7Padding());
    cipher.init(encrypt, new ParametersWithIV(new KeyParameter(keys.cipherKey()), keys.iv()));
    return cipher;
  }

  private static int emit(byte[] data, int length, Hmac mac, SHA256Digest hash, OutputStream out)
      throws IOException {
    mac.update(data, 0, length);
    hash.update(data, 0, length);
    out.write(data, 0, length);
    return length;
  }

  private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    int n;
    while (total < limit
        && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  private static byte[] finish(SHA256Digest digest) {
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }
}
