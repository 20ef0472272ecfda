package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.Ed25519;
import io.parley.protocol.crypto.X25519;
import java.security.SecureRandom;

/**
 * A device's long-term identity: the X25519 and Ed25519 key pairs behind an {@link IdentityKey}.
 */
public record IdentityKeyPair(X25519.KeyPair dh, Ed25519.KeyPair signing) {

  /** A fresh identity (a new install). */
  public static IdentityKeyPair generate(SecureRandom random) {
    return new IdentityKeyPair(X25519.generate(random), Ed25519.generate(random));
  }

  /** The identity from its two private keys. */
  public static IdentityKeyPair fromPrivate(byte[] dhPrivate, byte[] signingPrivate) {
    return new IdentityKeyPair(X25519.fromPrivate(dhPrivate), Ed25519.fromPrivate(signingPrivate));
  }

  /** The public identity. */
  public IdentityKey publicKey() {
    return new IdentityKey(dh.publicKey(), signing.publicKey());
  }
}
