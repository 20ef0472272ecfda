package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.Ed25519;
import io.parley.protocol.crypto.X25519;
import io.parley.protocol.wire.Payload;
import java.util.List;

/**
 * Converts between the ratchet's prekey types and their wire payloads: what a device uploads, and
 * how a bundle served by the network becomes a {@link PreKeyBundle} to start a session with. The
 * network only stores and relays these public keys; the receiving device verifies the signed prekey
 * when it starts the session.
 */
public final class PreKeyMessages {

  private PreKeyMessages() {}

  /** The upload of a device's identity, signed prekey and a batch of one-time prekeys. */
  public static Payload.PreKeyUpload upload(
      IdentityKey identity, SignedPreKey signedPreKey, List<OneTimePreKey> oneTimePreKeys) {
    return new Payload.PreKeyUpload(
        identity.encoded(),
        new Payload.PreKey(
            signedPreKey.id(), signedPreKey.keyPair().publicKey(), signedPreKey.signature()),
        oneTimePreKeys.stream()
            .map(key -> new Payload.PreKey(key.id(), key.keyPair().publicKey(), new byte[0]))
            .toList());
  }

  /** The bundle payload for {@code account}'s {@code device}. */
  public static Payload.PreKeyBundle toPayload(PreKeyBundle bundle, String account, int device) {
    Payload.PreKey oneTime =
        bundle.oneTimePreKey() == null
            ? null
            : new Payload.PreKey(bundle.oneTimePreKeyId(), bundle.oneTimePreKey(), new byte[0]);
    return new Payload.PreKeyBundle(
        account,
        device,
        bundle.identity().encoded(),
        new Payload.PreKey(
            bundle.signedPreKeyId(), bundle.signedPreKey(), bundle.signedPreKeySignature()),
        oneTime);
  }

  /**
   * The bundle in a received payload.
   *
   * @throws RatchetException if a key has the wrong length, an id is not positive, or the signature
   *     is missing
   */
  public static PreKeyBundle fromPayload(Payload.PreKeyBundle payload) throws RatchetException {
    Payload.PreKey signed = payload.signedPreKey();
    Payload.PreKey oneTime = payload.oneTimePreKey();
    checkKey(signed);
    if (signed.signature().length != Ed25519.SIGNATURE_LENGTH) {
      throw new RatchetException("signed prekey without a signature");
    }
    if (oneTime != null) {
      checkKey(oneTime);
    }
    return new PreKeyBundle(
        IdentityKey.decode(payload.identity()),
        signed.id(),
        signed.publicKey(),
        signed.signature(),
        oneTime == null ? null : oneTime.id(),
        oneTime == null ? null : oneTime.publicKey());
  }

  private static void checkKey(Payload.PreKey key) throws RatchetException {
    if (key.id() < 1 || key.publicKey().length != X25519.KEY_LENGTH) {
      throw new RatchetException("prekey with a non-positive id or a key that is not 32 bytes");
    }
  }
}
