package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.AesGcm;
import io.parley.protocol.crypto.X25519;
import io.parley.protocol.wire.ProtoReader;
import io.parley.protocol.wire.ProtoWriter;
import io.parley.protocol.wire.WireFormatException;
import java.nio.ByteBuffer;

/**
 * One Double Ratchet message as it travels: the header (sender's ratchet key, message number,
 * length of the previous sending chain), the AES-256-GCM ciphertext, and the {@link PreKeyHeader}
 * while the session is not yet confirmed. Encoded as the protobuf message {@code RatchetMessage} of
 * {@code parley.proto}.
 */
public record RatchetMessage(
    byte[] ratchetKey,
    int counter,
    int previousCounter,
    byte[] ciphertext,
    PreKeyHeader preKeyHeader) {

  /** The only version this code writes and reads. */
  public static final int VERSION = 1;

  public RatchetMessage {
    ratchetKey = ratchetKey.clone();
    ciphertext = ciphertext.clone();
  }

  @Override
  public byte[] ratchetKey() {
    return ratchetKey.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** The header bytes the AEAD authenticates: version, ratchet key, previous counter, counter. */
  byte[] headerBytes() {
    return ByteBuffer.allocate(1 + X25519.KEY_LENGTH + 8)
        .put((byte) VERSION)
        .put(ratchetKey)
        .putInt(previousCounter)
        .putInt(counter)
        .array();
  }

  /** The protobuf encoding. */
  public byte[] encode() {
    ProtoWriter out =
        new ProtoWriter()
            .uint32(1, VERSION)
            .bytes(2, ratchetKey)
            .uint32(3, counter)
            .uint32(4, previousCounter)
            .bytes(5, ciphertext);
    if (preKeyHeader != null) {
      out.message(6, preKeyHeader.encode());
    }
    return out.toByteArray();
  }

  /** The message encoded in {@code bytes}. */
  public static RatchetMessage decode(byte[] bytes) throws WireFormatException {
    ProtoReader in = ProtoReader.of(bytes);
    int version = 0;
    byte[] ratchetKey = null;
    int counter = 0;
    int previousCounter = 0;
    byte[] ciphertext = null;
    PreKeyHeader preKeyHeader = null;
    while (in.hasMore()) {
      switch (in.nextField()) {
        case 1 -> version = in.uint32();
        case 2 -> ratchetKey = in.bytes(X25519.KEY_LENGTH);
        case 3 -> counter = in.uint32();
        case 4 -> previousCounter = in.uint32();
        case 5 -> ciphertext = in.bytes();
        case 6 -> preKeyHeader = PreKeyHeader.decode(in.message());
        default -> in.skip();
      }
    }
    if (version != VERSION) {
      throw new WireFormatException("unsupported ratchet message version " + version);
    }
    if (ratchetKey == null || ciphertext == null || ciphertext.length < AesGcm.TAG_LENGTH) {
      throw new WireFormatException("ratchet message without ratchet key or ciphertext");
    }
    return new RatchetMessage(ratchetKey, counter, previousCounter, ciphertext, preKeyHeader);
  }
}
