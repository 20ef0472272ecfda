package io.parley.core.certificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets before they reach the database (AES-256-GCM), so that a database dump holds no
 * usable private key. The key is {@code parley.secret-key} / {@code PARLEY_SECRET_KEY} (32 bytes,
 * base64) when configured, which every node of a cluster must share; otherwise a key generated once
 * into {@code standalone/data/parley/secret.key}, readable by the server user only.
 *
 * <p>Sealed text has the form {@code enc:v1:<base64 nonce|ciphertext>}; the name it is stored under
 * is the associated data, so a sealed value cannot be moved to another name.
 */
public final class AtRestCipher {

  private static final String PREFIX = "enc:v1:";
  private static final int NONCE_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  public AtRestCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the at-rest key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** The configured key, or the node's generated key file. */
  public static AtRestCipher fromConfiguration() {
    String configured = System.getProperty("parley.secret-key");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("PARLEY_SECRET_KEY");
    }
    if (configured != null && !configured.isBlank()) {
      return new AtRestCipher(Base64.getDecoder().decode(configured.trim()));
    }
    Path file = Path.of(System.getProperty("jboss.server.data.dir", "."), "parley", "secret.key");
    return new AtRestCipher(keyFile(file));
  }

  public String seal(String name, String plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
      return PREFIX + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is a mandatory JDK cipher", e);
    }
  }

  /** {@code plaintext} sealed under {@code name}: nonce followed by ciphertext and tag. */
  public byte[] sealBytes(String name, byte[] plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is a mandatory JDK cipher", e);
    }
  }

  /** The plaintext of bytes sealed by {@link #sealBytes}; {@link IllegalStateException} if not. */
  public byte[] openBytes(String name, byte[] sealed) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "stored secret '" + name + "' cannot be opened with this node's at-rest key", e);
    }
  }

  /** The plaintext of a sealed value; {@link IllegalStateException} when it was not sealed here. */
  public String open(String name, String sealed) {
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalStateException("stored secret '" + name + "' is not sealed");
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "stored secret '" + name + "' cannot be opened with this node's at-rest key", e);
    }
  }

  private static synchronized byte[] keyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        // Written whole to a temporary file and moved into place, so a reader never sees it half
        // written.
        Path temporary =
            Files.createTempFile(
                file.getParent(),
                "secret",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temporary, Base64.getEncoder().encode(fresh));
        try {
          Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
          Files.deleteIfExists(temporary);
        }
      }
      return Base64.getDecoder().decode(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or create the at-rest key " + file, e);
    }
  }
}
