package io.parley.protocol.crypto;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * X25519 Diffie-Hellman (RFC 7748). An all-zero shared secret (a low-order peer key) is refused, so
 * a peer cannot force a predictable secret into a key derivation.
 */
public final class X25519 {

  /** Length in bytes of private keys, public keys and shared secrets. */
  public static final int KEY_LENGTH = 32;

  private X25519() {}

  /** A fresh key pair from {@code random}. */
  public static KeyPair generate(SecureRandom random) {
    return fromPrivate(new X25519PrivateKeyParameters(random).getEncoded());
  }

  /**
   * The key pair whose private key is {@code privateKey} (32 bytes, clamped by the scalar
   * multiplication).
   */
  public static KeyPair fromPrivate(byte[] privateKey) {
    if (privateKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException("X25519 private key must be 32 bytes");
    }
    X25519PrivateKeyParameters params = new X25519PrivateKeyParameters(privateKey, 0);
    return new KeyPair(privateKey.clone(), params.generatePublicKey().getEncoded());
  }

  /**
   * The shared secret of {@code privateKey} and the peer's {@code publicKey}.
   *
   * @throws InvalidKeyException if the public key is not 32 bytes or the result is all zeros
   */
  public static byte[] agree(byte[] privateKey, byte[] publicKey) throws InvalidKeyException {
    if (privateKey.length != KEY_LENGTH || publicKey.length != KEY_LENGTH) {
      throw new InvalidKeyException("X25519 keys must be 32 bytes");
    }
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(new X25519PrivateKeyParameters(privateKey, 0));
    byte[] shared = new byte[KEY_LENGTH];
    try {
      agreement.calculateAgreement(new X25519PublicKeyParameters(publicKey, 0), shared, 0);
    } catch (IllegalStateException e) {
      // Bouncy Castle refuses an all-zero result this way.
      throw new InvalidKeyException("X25519 shared secret is all zeros (low-order public key)");
    }
    int acc = 0;
    for (byte b : shared) {
      acc |= b;
    }
    if (acc == 0) {
      throw new InvalidKeyException("X25519 shared secret is all zeros (low-order public key)");
    }
    return shared;
  }

  /** An X25519 key pair; the arrays are defensive copies. */
  public record KeyPair(byte[] privateKey, byte[] publicKey) {
    public KeyPair {
      privateKey = privateKey.clone();
      publicKey = publicKey.clone();
    }

    @Override
    public byte[] privateKey() {
      return privateKey.clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }
  }
}
