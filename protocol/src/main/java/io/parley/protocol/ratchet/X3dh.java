package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.Hkdf;
import io.parley.protocol.crypto.X25519;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The X3DH key agreement (Signal specification): DH1 = DH(IK_A, SPK_B), DH2 = DH(EK_A, IK_B), DH3 =
 * DH(EK_A, SPK_B), DH4 = DH(EK_A, OPK_B) when a one-time prekey is used; SK = HKDF-SHA256(salt = 32
 * zero bytes, ikm = 32 0xFF bytes || DH1 || DH2 || DH3 [|| DH4], info = "Parley X3DH"). The
 * associated data is the initiator's encoded identity followed by the responder's.
 */
final class X3dh {

  private static final byte[] INFO = "Parley X3DH".getBytes(StandardCharsets.US_ASCII);

  private X3dh() {}

  /** The initiator's result: the shared secret and the ephemeral public key to send. */
  record Initiation(byte[] sharedSecret, byte[] ephemeralKey) {}

  static Initiation initiate(IdentityKeyPair local, PreKeyBundle bundle, SecureRandom random)
      throws RatchetException {
    if (!bundle.hasValidSignature()) {
      throw new RatchetException("signed prekey signature does not verify");
    }
    X25519.KeyPair ephemeral = X25519.generate(random);
    byte[] dh1 = agree(local.dh().privateKey(), bundle.signedPreKey());
    byte[] dh2 = agree(ephemeral.privateKey(), bundle.identity().dhKey());
    byte[] dh3 = agree(ephemeral.privateKey(), bundle.signedPreKey());
    byte[] dh4 =
        bundle.oneTimePreKey() == null
            ? null
            : agree(ephemeral.privateKey(), bundle.oneTimePreKey());
    return new Initiation(kdf(dh1, dh2, dh3, dh4), ephemeral.publicKey());
  }

  static byte[] respond(
      IdentityKeyPair local,
      SignedPreKey signedPreKey,
      OneTimePreKey oneTimePreKey,
      IdentityKey initiator,
      byte[] ephemeralKey)
      throws RatchetException {
    byte[] dh1 = agree(signedPreKey.keyPair().privateKey(), initiator.dhKey());
    byte[] dh2 = agree(local.dh().privateKey(), ephemeralKey);
    byte[] dh3 = agree(signedPreKey.keyPair().privateKey(), ephemeralKey);
    byte[] dh4 =
        oneTimePreKey == null ? null : agree(oneTimePreKey.keyPair().privateKey(), ephemeralKey);
    return kdf(dh1, dh2, dh3, dh4);
  }

  static byte[] associatedData(IdentityKey initiator, IdentityKey responder) {
    byte[] out = Arrays.copyOf(initiator.encoded(), 2 * IdentityKey.ENCODED_LENGTH);
    System.arraycopy(
        responder.encoded(), 0, out, IdentityKey.ENCODED_LENGTH, IdentityKey.ENCODED_LENGTH);
    return out;
  }

  static byte[] agree(byte[] privateKey, byte[] publicKey) throws RatchetException {
    try {
      return X25519.agree(privateKey, publicKey);
    } catch (InvalidKeyException e) {
      throw new RatchetException("invalid X25519 public key", e);
    }
  }

  private static byte[] kdf(byte[] dh1, byte[] dh2, byte[] dh3, byte[] dh4) {
    ByteArrayOutputStream ikm = new ByteArrayOutputStream();
    byte[] f = new byte[32];
    Arrays.fill(f, (byte) 0xFF);
    ikm.writeBytes(f);
    ikm.writeBytes(dh1);
    ikm.writeBytes(dh2);
    ikm.writeBytes(dh3);
    if (dh4 != null) {
      ikm.writeBytes(dh4);
    }
    return Hkdf.derive(new byte[32], ikm.toByteArray(), INFO, 32);
  }
}
