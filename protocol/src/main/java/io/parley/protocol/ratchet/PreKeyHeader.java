package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.wire.ProtoReader;
import io.parley.protocol.wire.ProtoWriter;
import io.parley.protocol.wire.WireFormatException;

/**
 * What the initiator of a session attaches to its messages until the responder answers: its
 * identity, its X3DH ephemeral key, and which of the responder's prekeys it used ({@code
 * oneTimePreKeyId} zero when none). The responder uses it to look up its prekeys and start the
 * session.
 */
public record PreKeyHeader(
    IdentityKey identity, byte[] ephemeralKey, int signedPreKeyId, int oneTimePreKeyId) {

  public PreKeyHeader {
    ephemeralKey = ephemeralKey.clone();
  }

  @Override
  public byte[] ephemeralKey() {
    return ephemeralKey.clone();
  }

  /** Whether the initiator used one of the responder's one-time prekeys. */
  public boolean usesOneTimePreKey() {
    return oneTimePreKeyId != 0;
  }

  ProtoWriter encode() {
    return new ProtoWriter()
        .bytes(1, identity.encoded())
        .bytes(2, ephemeralKey)
        .uint32(3, signedPreKeyId)
        .uint32(4, oneTimePreKeyId);
  }

  static PreKeyHeader decode(ProtoReader in) throws WireFormatException {
    byte[] identity = null;
    byte[] ephemeral = null;
    int signedPreKeyId = 0;
    int oneTimePreKeyId = 0;
    while (in.hasMore()) {
      switch (in.nextField()) {
        case 1 -> identity = in.bytes(IdentityKey.ENCODED_LENGTH);
        case 2 -> ephemeral = in.bytes(X25519.KEY_LENGTH);
        case 3 -> signedPreKeyId = in.uint31();
        case 4 -> oneTimePreKeyId = in.uint31();
        default -> in.skip();
      }
    }
    if (identity == null || ephemeral == null) {
      throw new WireFormatException("prekey header without identity or ephemeral key");
    }
    try {
      return new PreKeyHeader(
          IdentityKey.decode(identity), ephemeral, signedPreKeyId, oneTimePreKeyId);
    } catch (RatchetException e) {
      throw new WireFormatException(e.getMessage());
    }
  }
}
