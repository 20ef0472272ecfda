package io.parley.protocol.crypto;

import java.security.MessageDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** HMAC-SHA256 (RFC 2104), one-shot and incremental, with constant-time verification. */
public final class Hmac {

  /** Length in bytes of a full HMAC-SHA256 tag. */
  public static final int TAG_LENGTH = 32;

  private final HMac mac;

  /** An incremental HMAC-SHA256 keyed with {@code key}. */
  public Hmac(byte[] key) {
    mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(key));
  }

  /** Feeds {@code length} bytes of {@code data} from {@code offset}. */
  public void update(byte[] data, int offset, int length) {
    mac.update(data, offset, length);
  }

  /** The tag over everything fed so far; the instance is reset for reuse with the same key. */
  public byte[] doFinal() {
    byte[] tag = new byte[TAG_LENGTH];
    mac.doFinal(tag, 0);
    return tag;
  }

  /** HMAC-SHA256 of the concatenation of {@code parts} under {@code key}. */
  public static byte[] sha256(byte[] key, byte[]... parts) {
    Hmac hmac = new Hmac(key);
    for (byte[] part : parts) {
      hmac.update(part, 0, part.length);
    }
    return hmac.doFinal();
  }

  /**
   * Whether {@code tag} is the HMAC-SHA256 of {@code message}, truncated to {@code tagLength}
   * bytes; the comparison takes the same time wherever the first difference is.
   */
  public static boolean verify(byte[] key, byte[] message, byte[] tag, int tagLength) {
    if (tagLength < 16 || tagLength > TAG_LENGTH || tag.length != tagLength) {
      return false;
    }
    byte[] expected = sha256(key, message);
    byte[] truncated = new byte[tagLength];
    System.arraycopy(expected, 0, truncated, 0, tagLength);
    return MessageDigest.isEqual(truncated, tag);
  }
}
