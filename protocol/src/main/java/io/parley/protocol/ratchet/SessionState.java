package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.wire.ProtoReader;
import io.parley.protocol.wire.ProtoWriter;
import io.parley.protocol.wire.WireFormatException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable Double Ratchet state of one session, with its protobuf encoding ({@code SessionState}
 * in {@code parley.proto}). Skipped message keys are kept in arrival order so that the oldest are
 * dropped first when the bound is reached.
 */
final class SessionState {

  static final int VERSION = 1;

  byte[] rootKey;
  X25519.KeyPair selfRatchet;
  byte[] remoteRatchet;
  byte[] sendChain;
  byte[] receiveChain;
  int sendCounter;
  int receiveCounter;
  int previousCounter;
  byte[] associatedData;
  IdentityKey remoteIdentity;
  PreKeyHeader pendingPreKey;
  final LinkedHashMap<String, byte[]> skipped = new LinkedHashMap<>();

  static String skippedId(byte[] ratchetKey, int counter) {
    return HexFormat.of().formatHex(ratchetKey) + "/" + Integer.toUnsignedString(counter);
  }

  SessionState copy() {
    SessionState c = new SessionState();
    c.rootKey = rootKey;
    c.selfRatchet = selfRatchet;
    c.remoteRatchet = remoteRatchet;
    c.sendChain = sendChain;
    c.receiveChain = receiveChain;
    c.sendCounter = sendCounter;
    c.receiveCounter = receiveCounter;
    c.previousCounter = previousCounter;
    c.associatedData = associatedData;
    c.remoteIdentity = remoteIdentity;
    c.pendingPreKey = pendingPreKey;
    c.skipped.putAll(skipped);
    return c;
  }

  void putSkipped(String id, byte[] messageKey, int bound) {
    skipped.put(id, messageKey);
    Iterator<String> oldest = skipped.keySet().iterator();
    while (skipped.size() > bound) {
      oldest.next();
      oldest.remove();
    }
  }

  byte[] encode() {
    ProtoWriter out =
        new ProtoWriter()
            .uint32(1, VERSION)
            .bytes(2, rootKey)
            .bytes(3, selfRatchet.privateKey())
            .bytes(4, remoteRatchet)
            .bytes(5, sendChain)
            .bytes(6, receiveChain)
            .uint32(7, sendCounter)
            .uint32(8, receiveCounter)
            .uint32(9, previousCounter)
            .bytes(10, associatedData)
            .bytes(11, remoteIdentity.encoded())
            // The public half too: deriving it costs a scalar multiplication at every load.
            .bytes(14, selfRatchet.publicKey());
    if (pendingPreKey != null) {
      out.message(12, pendingPreKey.encode());
    }
    for (Map.Entry<String, byte[]> entry : skipped.entrySet()) {
      String[] parts = entry.getKey().split("/");
      out.message(
          13,
          new ProtoWriter()
              .bytes(1, HexFormat.of().parseHex(parts[0]))
              .uint32(2, Integer.parseUnsignedInt(parts[1]))
              .bytes(3, entry.getValue()));
    }
    return out.toByteArray();
  }

  static SessionState decode(byte[] bytes, int skippedBound) throws WireFormatException {
    ProtoReader in = ProtoReader.of(bytes);
    SessionState s = new SessionState();
    int version = 0;
    byte[] identity = null;
    byte[] selfPrivate = null;
    byte[] selfPublic = null;
    while (in.hasMore()) {
      switch (in.nextField()) {
        case 1 -> version = in.uint32();
        case 2 -> s.rootKey = in.bytes(32);
        case 3 -> selfPrivate = in.bytes(32);
        case 4 -> s.remoteRatchet = in.bytes(32);
        case 5 -> s.sendChain = in.bytes(32);
        case 6 -> s.receiveChain = in.bytes(32);
        case 7 -> s.sendCounter = in.uint32();
        case 8 -> s.receiveCounter = in.uint32();
        case 9 -> s.previousCounter = in.uint32();
        case 10 -> s.associatedData = in.bytes(2 * IdentityKey.ENCODED_LENGTH);
        case 11 -> identity = in.bytes(IdentityKey.ENCODED_LENGTH);
        case 12 -> s.pendingPreKey = PreKeyHeader.decode(in.message());
        case 13 -> decodeSkipped(in.message(), s, skippedBound);
        case 14 -> selfPublic = in.bytes(32);
        default -> in.skip();
      }
    }
    if (version != VERSION) {
      throw new WireFormatException("unsupported session state version " + version);
    }
    if (selfPrivate != null) {
      s.selfRatchet =
          selfPublic != null
              ? new X25519.KeyPair(selfPrivate, selfPublic)
              : X25519.fromPrivate(selfPrivate);
    }
    if (s.rootKey == null
        || s.selfRatchet == null
        || s.associatedData == null
        || identity == null) {
      throw new WireFormatException("incomplete session state");
    }
    try {
      s.remoteIdentity = IdentityKey.decode(identity);
    } catch (RatchetException e) {
      throw new WireFormatException(e.getMessage());
    }
    return s;
  }

  private static void decodeSkipped(ProtoReader in, SessionState s, int bound)
      throws WireFormatException {
    byte[] ratchetKey = null;
    int counter = 0;
    byte[] messageKey = null;
    while (in.hasMore()) {
      switch (in.nextField()) {
        case 1 -> ratchetKey = in.bytes(32);
        case 2 -> counter = in.uint32();
        case 3 -> messageKey = in.bytes(32);
        default -> in.skip();
      }
    }
    if (ratchetKey == null || messageKey == null) {
      throw new WireFormatException("incomplete skipped message key");
    }
    s.putSkipped(skippedId(ratchetKey, counter), messageKey, bound);
  }
}
