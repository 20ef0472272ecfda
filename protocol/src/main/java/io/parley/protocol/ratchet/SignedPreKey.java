package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.Ed25519;
import io.parley.protocol.crypto.X25519;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A medium-term X25519 prekey with its id, signed by the device's Ed25519 identity key. The
 * signature covers a domain label, the X25519 identity key, the id and the prekey, so it also binds
 * the two identity keys together.
 */
public record SignedPreKey(int id, X25519.KeyPair keyPair, byte[] signature) {

  private static final byte[] LABEL = "Parley signed prekey".getBytes(StandardCharsets.US_ASCII);

  public SignedPreKey {
    if (id < 1) {
      throw new IllegalArgumentException("signed prekey id must be positive");
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** A new signed prekey for {@code identity}. */
  public static SignedPreKey generate(IdentityKeyPair identity, int id, SecureRandom random) {
    X25519.KeyPair keyPair = X25519.generate(random);
    byte[] message = signedMessage(identity.dh().publicKey(), id, keyPair.publicKey());
    return new SignedPreKey(id, keyPair, Ed25519.sign(identity.signing().privateKey(), message));
  }

  /**
   * Whether {@code signature} is {@code identity}'s signature of prekey {@code id} with {@code
   * publicKey}.
   */
  static boolean verify(IdentityKey identity, int id, byte[] publicKey, byte[] signature) {
    return Ed25519.verify(
        identity.signingKey(), signedMessage(identity.dhKey(), id, publicKey), signature);
  }

  private static byte[] signedMessage(byte[] identityDh, int id, byte[] publicKey) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(LABEL);
    out.writeBytes(identityDh);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    out.writeBytes(publicKey);
    return out.toByteArray();
  }
}
