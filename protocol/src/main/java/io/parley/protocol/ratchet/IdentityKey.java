package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.Ed25519;
import io.parley.protocol.crypto.X25519;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The public identity of a device: its X25519 identity key (used in X3DH) and its Ed25519 signing
 * key (which signs its prekeys). Encoded as the 32-byte X25519 key followed by the 32-byte Ed25519
 * key.
 */
public record IdentityKey(byte[] dhKey, byte[] signingKey) {

  /** Length of {@link #encoded()}. */
  public static final int ENCODED_LENGTH = X25519.KEY_LENGTH + Ed25519.KEY_LENGTH;

  public IdentityKey {
    if (dhKey.length != X25519.KEY_LENGTH || signingKey.length != Ed25519.KEY_LENGTH) {
      throw new IllegalArgumentException("identity keys must be 32 bytes each");
    }
    dhKey = dhKey.clone();
    signingKey = signingKey.clone();
  }

  /** The identity encoded by {@link #encoded()}. */
  public static IdentityKey decode(byte[] encoded) throws RatchetException {
    if (encoded.length != ENCODED_LENGTH) {
      throw new RatchetException("identity key must be " + ENCODED_LENGTH + " bytes");
    }
    return new IdentityKey(Arrays.copyOf(encoded, 32), Arrays.copyOfRange(encoded, 32, 64));
  }

  @Override
  public byte[] dhKey() {
    return dhKey.clone();
  }

  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }

  /** Both public keys, X25519 first. */
  public byte[] encoded() {
    byte[] out = Arrays.copyOf(dhKey, ENCODED_LENGTH);
    System.arraycopy(signingKey, 0, out, 32, 32);
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdentityKey that && MessageDigest.isEqual(encoded(), that.encoded());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded());
  }

  @Override
  public String toString() {
    return "IdentityKey[" + java.util.HexFormat.of().formatHex(encoded(), 0, 8) + "...]";
  }
}
