package io.parley.protocol.wire;

/**
 * One application frame, the plaintext of one Noise transport message: a schema version, a
 * sender-assigned id that acks refer to, and exactly one {@link Payload}. Encoded as the protobuf
 * message {@code Frame} of {@code parley.proto}.
 */
public record Frame(int version, long id, Payload payload) {

  /** The schema version this code writes; decoders refuse any other. */
  public static final int VERSION = 1;

  /** A current-version frame. */
  public Frame(long id, Payload payload) {
    this(VERSION, id, payload);
  }

  public Frame {
    if (payload == null) {
      throw new IllegalArgumentException("a frame carries a payload");
    }
  }

  /** The protobuf encoding. */
  public byte[] encode() {
    return new ProtoWriter()
        .uint32(1, version)
        .uint64(2, id)
        .message(payload.field(), payload.encode())
        .toByteArray();
  }

  /**
   * The frame encoded in {@code bytes}.
   *
   * @throws WireFormatException if the bytes are malformed, of another version, or carry no or
   *     several payloads
   */
  public static Frame decode(byte[] bytes) throws WireFormatException {
    ProtoReader in = ProtoReader.of(bytes);
    int version = 0;
    long id = 0;
    Payload payload = null;
    while (in.hasMore()) {
      int field = in.nextField();
      Payload decoded =
          switch (field) {
            case 1 -> {
              version = in.uint32();
              yield null;
            }
            case 2 -> {
              id = in.uint64();
              yield null;
            }
            case Payload.Login.FIELD -> Payload.Login.decode(in.message());
            case Payload.Register.FIELD -> Payload.Register.decode(in.message());
            case Payload.Verify.FIELD -> Payload.Verify.decode(in.message());
            case Payload.RegisterResult.FIELD -> Payload.RegisterResult.decode(in.message());
            case Payload.Message.FIELD -> Payload.Message.decode(in.message());
            case Payload.Ack.FIELD -> Payload.Ack.decode(in.message());
            case Payload.Receipt.FIELD -> Payload.Receipt.decode(in.message());
            case Payload.PreKeyUpload.FIELD -> Payload.PreKeyUpload.decode(in.message());
            case Payload.PreKeyBundleRequest.FIELD ->
                Payload.PreKeyBundleRequest.decode(in.message());
            case Payload.PreKeyBundle.FIELD -> Payload.PreKeyBundle.decode(in.message());
            case Payload.Error.FIELD -> Payload.Error.decode(in.message());
            case Payload.Ping.FIELD -> Payload.Ping.decode(in.message());
            case Payload.UserEvent.FIELD -> Payload.UserEvent.decode(in.message());
            case Payload.ContactQuery.FIELD -> Payload.ContactQuery.decode(in.message());
            case Payload.ContactResult.FIELD -> Payload.ContactResult.decode(in.message());
            case Payload.PreKeyStatus.FIELD -> Payload.PreKeyStatus.decode(in.message());
            case Payload.SetPin.FIELD -> Payload.SetPin.decode(in.message());
            case Payload.SetShards.FIELD -> Payload.SetShards.decode(in.message());
            default -> {
              in.skip();
              yield null;
            }
          };
      if (decoded != null) {
        if (payload != null) {
          throw new WireFormatException("frame carries more than one payload");
        }
        payload = decoded;
      }
    }
    if (version != VERSION) {
      throw new WireFormatException(
          "unsupported frame version " + Integer.toUnsignedString(version));
    }
    if (payload == null) {
      throw new WireFormatException("frame carries no known payload");
    }
    return new Frame(version, id, payload);
  }
}
