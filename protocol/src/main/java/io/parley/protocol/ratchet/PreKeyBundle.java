package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.X25519;

/**
 * What a device publishes so that others can start sessions with it while it is offline: its
 * identity, its current signed prekey, and at most one one-time prekey ({@code oneTimePreKey} is
 * {@code null} when none are left).
 */
public record PreKeyBundle(
    IdentityKey identity,
    int signedPreKeyId,
    byte[] signedPreKey,
    byte[] signedPreKeySignature,
    Integer oneTimePreKeyId,
    byte[] oneTimePreKey) {

  public PreKeyBundle {
    if (signedPreKey.length != X25519.KEY_LENGTH) {
      throw new IllegalArgumentException("signed prekey must be 32 bytes");
    }
    if ((oneTimePreKeyId == null) != (oneTimePreKey == null)) {
      throw new IllegalArgumentException("one-time prekey id and key go together");
    }
    if (oneTimePreKey != null && oneTimePreKey.length != X25519.KEY_LENGTH) {
      throw new IllegalArgumentException("one-time prekey must be 32 bytes");
    }
    signedPreKey = signedPreKey.clone();
    signedPreKeySignature = signedPreKeySignature.clone();
    oneTimePreKey = oneTimePreKey == null ? null : oneTimePreKey.clone();
  }

  /** The bundle a device publishes for its own keys. */
  public static PreKeyBundle of(IdentityKey identity, SignedPreKey signed, OneTimePreKey oneTime) {
    return new PreKeyBundle(
        identity,
        signed.id(),
        signed.keyPair().publicKey(),
        signed.signature(),
        oneTime == null ? null : oneTime.id(),
        oneTime == null ? null : oneTime.keyPair().publicKey());
  }

  @Override
  public byte[] signedPreKey() {
    return signedPreKey.clone();
  }

  @Override
  public byte[] signedPreKeySignature() {
    return signedPreKeySignature.clone();
  }

  @Override
  public byte[] oneTimePreKey() {
    return oneTimePreKey == null ? null : oneTimePreKey.clone();
  }

  /** Whether the signed prekey carries a valid signature by the identity's signing key. */
  public boolean hasValidSignature() {
    return SignedPreKey.verify(identity, signedPreKeyId, signedPreKey, signedPreKeySignature);
  }
}
