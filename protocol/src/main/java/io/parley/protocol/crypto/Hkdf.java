package io.parley.protocol.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF with SHA-256 (RFC 5869): extract then expand. */
public final class Hkdf {

  /** The largest output HKDF-SHA256 can produce: 255 blocks of 32 bytes. */
  public static final int MAX_LENGTH = 255 * 32;

  private Hkdf() {}

  /**
   * {@code length} bytes of output keying material.
   *
   * @param salt the extract salt; {@code null} or empty means 32 zero bytes
   * @throws IllegalArgumentException if {@code length} is not between 1 and {@link #MAX_LENGTH}
   */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    if (length < 1 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("HKDF-SHA256 output length must be 1.." + MAX_LENGTH);
    }
    byte[] effectiveSalt = salt == null || salt.length == 0 ? new byte[32] : salt;
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(ikm, effectiveSalt, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }
}
