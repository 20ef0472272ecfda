package io.parley.protocol.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 signatures (RFC 8032, pure variant). Verification never throws: malformed input is simply
 * not valid.
 */
public final class Ed25519 {

  /** Length in bytes of private and public keys. */
  public static final int KEY_LENGTH = 32;

  /** Length in bytes of a signature. */
  public static final int SIGNATURE_LENGTH = 64;

  private Ed25519() {}

  /** A fresh key pair from {@code random}. */
  public static KeyPair generate(SecureRandom random) {
    return fromPrivate(new Ed25519PrivateKeyParameters(random).getEncoded());
  }

  /** The key pair whose private key (seed) is {@code privateKey}. */
  public static KeyPair fromPrivate(byte[] privateKey) {
    if (privateKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException("Ed25519 private key must be 32 bytes");
    }
    Ed25519PrivateKeyParameters params = new Ed25519PrivateKeyParameters(privateKey, 0);
    return new KeyPair(privateKey.clone(), params.generatePublicKey().getEncoded());
  }

  /** The signature of {@code message} by {@code privateKey}. */
  public static byte[] sign(byte[] privateKey, byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** Whether {@code signature} is a valid signature of {@code message} by {@code publicKey}. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (IllegalArgumentException e) {
      // An encoding that is not a curve point.
      return false;
    }
  }

  /** An Ed25519 key pair; the arrays are defensive copies. */
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
