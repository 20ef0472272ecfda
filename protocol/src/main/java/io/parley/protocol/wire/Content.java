package io.parley.protocol.wire;

import java.util.Objects;

/**
 * What a user or a business actually sent: the plaintext inside a ratchet message, so the network
 * never sees it. Encoded as the protobuf message {@code Content} of {@code parley.proto}: a
 * version, optionally the id of the message this one replies to (the On-Premises API's {@code
 * context}), and exactly one kind. Nested On-Premises API objects whose shape the protocol does not
 * need to know (contact cards, interactive messages, template components) travel as their JSON
 * text, so nothing is lost between the API and the device.
 */
public sealed interface Content {

  /** The content version this code writes; decoders refuse any other. */
  int VERSION = 1;

  /**
   * Which kind of content this is; also sent in clear beside the ciphertext so the network can
   * apply its rules.
   */
  Kind kind();

  /** The encoded fields of this kind. */
  ProtoWriter encodeFields();

  /** The protobuf encoding, version included, replying to no message. */
  default byte[] encode() {
    return encode(this, null);
  }

  /**
   * The protobuf encoding of {@code content}, version included, replying to the message with id
   * {@code replyTo}; {@code null} or empty writes no reply context, the same bytes as {@link
   * #encode()}.
   */
  static byte[] encode(Content content, String replyTo) {
    return new ProtoWriter()
        .uint32(1, VERSION)
        .string(2, replyTo)
        .message(content.kind().field, content.encodeFields())
        .toByteArray();
  }

  /**
   * A decoded content with its reply context: {@code replyTo} is the id of the message it replies
   * to, or empty when it replies to none.
   */
  record Envelope(Content content, String replyTo) {
    public Envelope {
      Objects.requireNonNull(content, "content");
      replyTo = replyTo == null ? "" : replyTo;
    }
  }

  /** The kinds of content, with their field numbers inside {@code Content}. */
  enum Kind {
    TEXT(10),
    MEDIA(11),
    LOCATION(12),
    CONTACTS(13),
    INTERACTIVE(14),
    INTERACTIVE_REPLY(15),
    TEMPLATE(16),
    TEMPLATE_BUTTON_REPLY(17);

    final int field;

    Kind(int field) {
      this.field = field;
    }

    /** The enum number on the wire. */
    public int number() {
      return ordinal() + 1;
    }

    /** The kind with wire number {@code number}. */
    public static Kind of(int number) throws WireFormatException {
      if (number < 1 || number > values().length) {
        throw new WireFormatException("unknown content kind " + number);
      }
      return values()[number - 1];
    }
  }

  /** The kinds of media attachment. */
  enum MediaType {
    IMAGE,
    AUDIO,
    VIDEO,
    DOCUMENT,
    STICKER,
    VOICE;

    static MediaType of(int number) throws WireFormatException {
      if (number < 1 || number > values().length) {
        throw new WireFormatException("unknown media type " + number);
      }
      return values()[number - 1];
    }
  }

  /** A text message. */
  record Text(String body) implements Content {
    @Override
    public Kind kind() {
      return Kind.TEXT;
    }

    @Override
    public ProtoWriter encodeFields() {
      return new ProtoWriter().string(1, body);
    }

    static Text decode(ProtoReader in) throws WireFormatException {
      String body = "";
      while (in.hasMore()) {
        if (in.nextField() == 1) {
          body = in.string();
        } else {
          in.skip();
        }
      }
      return new Text(body);
    }
  }

  /**
   * A media attachment: where the encrypted file is in the network's blob store, and the media key,
   * hashes and lengths to verify and decrypt it (see {@code io.parley.protocol.media}).
   */
  record Media(
      MediaType type,
      String blobId,
      String mimeType,
      byte[] mediaKey,
      byte[] plaintextSha256,
      byte[] encryptedSha256,
      long plaintextLength,
      long encryptedLength,
      String caption,
      String filename)
      implements Content {

    public Media {
      mediaKey = mediaKey.clone();
      plaintextSha256 = plaintextSha256.clone();
      encryptedSha256 = encryptedSha256.clone();
    }

    @Override
    public byte[] mediaKey() {
      return mediaKey.clone();
    }

    @Override
    public byte[] plaintextSha256() {
      return plaintextSha256.clone();
    }

    @Override
    public byte[] encryptedSha256() {
      return encryptedSha256.clone();
    }

    @Override
    public Kind kind() {
      return Kind.MEDIA;
    }

    @Override
    public ProtoWriter encodeFields() {
      return new ProtoWriter()
          .uint32(1, type.ordinal() + 1)
          .string(2, blobId)
          .string(3, mimeType)
          .bytes(4, mediaKey)
          .bytes(5, plaintextSha256)
          .bytes(6, encryptedSha256)
          .uint64(7, plaintextLength)
          .uint64(8, encryptedLength)
          .string(9, caption)
          .string(10, filename);
    }

    static Media decode(ProtoReader in) throws WireFormatException {
      MediaType type = null;
      String blobId = null;
      String mimeType = "";
      byte[] key = null;
      byte[] plainHash = null;
      byte[] encHash = null;
      long plainLength = 0;
      long encLength = 0;
      String caption = "";
      String filename = "";
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> type = MediaType.of(in.uint31());
          case 2 -> blobId = in.string();
          case 3 -> mimeType = in.string();
          case 4 -> key = in.bytes(32);
          case 5 -> plainHash = in.bytes(32);
          case 6 -> encHash = in.bytes(32);
          case 7 -> plainLength = nonNegative(in.uint64());
          case 8 -> encLength = nonNegative(in.uint64());
          case 9 -> caption = in.string();
          case 10 -> filename = in.string();
          default -> in.skip();
        }
      }
      if (type == null || blobId == null || key == null || plainHash == null || encHash == null) {
        throw new WireFormatException("media content without type, blob id, key or hashes");
      }
      return new Media(
          type,
          blobId,
          mimeType,
          key,
          plainHash,
          encHash,
          plainLength,
          encLength,
          caption,
          filename);
    }
  }

  /** A location pin; latitude and longitude in degrees. */
  record Location(double latitude, double longitude, String name, String address)
      implements Content {
    @Override
    public Kind kind() {
      return Kind.LOCATION;
    }

    @Override
    public ProtoWriter encodeFields() {
      return new ProtoWriter()
          .float64(1, latitude)
          .float64(2, longitude)
          .string(3, name)
          .string(4, address);
    }

    static Location decode(ProtoReader in) throws WireFormatException {
      double latitude = 0;
      double longitude = 0;
      String name = "";
      String address = "";
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> latitude = in.float64();
          case 2 -> longitude = in.float64();
          case 3 -> name = in.string();
          case 4 -> address = in.string();
          default -> in.skip();
        }
      }
      if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
        throw new WireFormatException("location out of range");
      }
      return new Location(latitude, longitude, name, address);
    }
  }

  /** Contact cards, as the On-Premises API's {@code contacts} JSON array. */
  record Contacts(String json) implements Content {
    @Override
    public Kind kind() {
      return Kind.CONTACTS;
    }

    @Override
    public ProtoWriter encodeFields() {
      return new ProtoWriter().string(1, json);
    }

    static Contacts decode(ProtoReader in) throws WireFormatException {
      return new Contacts(singleString(in));
    }
  }

  /**
   * An interactive message (buttons or list), as the On-Premises API's {@code interactive} JSON
   * object.
   */
  record Interactive(String json) implements Content {
    @Override
    public Kind kind() {
      return Kind.INTERACTIVE;
    }

    @Override
    public ProtoWriter encodeFields() {
      return new ProtoWriter().string(1, json);
    }

    static Interactive decode(ProtoReader in) throws WireFormatException {
      return new Interactive(singleString(in));
    }
  }

  /** A user's reply to an interactive message: the button or list row chosen. */
  record InteractiveReply(boolean listReply, String id, String title, String description)
      implements Content {
    @Override
    public Kind kind() {
      return Kind.INTERACTIVE_REPLY;
    }

    @Override
    public ProtoWriter encodeFields() {
      return new ProtoWriter()
          .bool(1, listReply)
          .string(2, id)
          .string(3, title)
          .string(4, description);
    }

    static InteractiveReply decode(ProtoReader in) throws WireFormatException {
      boolean list = false;
      String id = null;
      String title = "";
      String description = "";
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> list = in.bool();
          case 2 -> id = in.string();
          case 3 -> title = in.string();
          case 4 -> description = in.string();
          default -> in.skip();
        }
      }
      if (id == null) {
        throw new WireFormatException("interactive reply without id");
      }
      return new InteractiveReply(list, id, title, description);
    }
  }

  /**
   * A template message: which template, and its components (parameters) as the On-Premises API's
   * JSON array.
   */
  record Template(String namespace, String name, String language, String componentsJson)
      implements Content {
    @Override
    public Kind kind() {
      return Kind.TEMPLATE;
    }

    @Override
    public ProtoWriter encodeFields() {
      return new ProtoWriter()
          .string(1, namespace)
          .string(2, name)
          .string(3, language)
          .string(4, componentsJson);
    }

    static Template decode(ProtoReader in) throws WireFormatException {
      String namespace = "";
      String name = null;
      String language = "";
      String components = "";
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> namespace = in.string();
          case 2 -> name = in.string();
          case 3 -> language = in.string();
          case 4 -> components = in.string();
          default -> in.skip();
        }
      }
      if (name == null) {
        throw new WireFormatException("template without name");
      }
      return new Template(namespace, name, language, components);
    }
  }

  /** A user's tap on a template's quick-reply button. */
  record TemplateButtonReply(String payload, String text) implements Content {
    @Override
    public Kind kind() {
      return Kind.TEMPLATE_BUTTON_REPLY;
    }

    @Override
    public ProtoWriter encodeFields() {
      return new ProtoWriter().string(1, payload).string(2, text);
    }

    static TemplateButtonReply decode(ProtoReader in) throws WireFormatException {
      String payload = "";
      String text = "";
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> payload = in.string();
          case 2 -> text = in.string();
          default -> in.skip();
        }
      }
      return new TemplateButtonReply(payload, text);
    }
  }

  /**
   * The content encoded in {@code bytes}, without its reply context.
   *
   * @throws WireFormatException if malformed, of another version, or carrying no or several kinds
   */
  static Content decode(byte[] bytes) throws WireFormatException {
    return open(bytes).content();
  }

  /**
   * The content encoded in {@code bytes} with the id of the message it replies to.
   *
   * @throws WireFormatException if malformed, of another version, or carrying no or several kinds
   */
  static Envelope open(byte[] bytes) throws WireFormatException {
    ProtoReader in = ProtoReader.of(bytes);
    int version = 0;
    String replyTo = "";
    Content content = null;
    while (in.hasMore()) {
      int field = in.nextField();
      if (field == 1) {
        version = in.uint32();
        continue;
      }
      if (field == 2) {
        replyTo = in.string();
        continue;
      }
      Content decoded =
          switch (field) {
            case 10 -> Text.decode(in.message());
            case 11 -> Media.decode(in.message());
            case 12 -> Location.decode(in.message());
            case 13 -> Contacts.decode(in.message());
            case 14 -> Interactive.decode(in.message());
            case 15 -> InteractiveReply.decode(in.message());
            case 16 -> Template.decode(in.message());
            case 17 -> TemplateButtonReply.decode(in.message());
            default -> {
              in.skip();
              yield null;
            }
          };
      if (decoded != null) {
        if (content != null) {
          throw new WireFormatException("content carries more than one kind");
        }
        content = decoded;
      }
    }
    if (version != VERSION) {
      throw new WireFormatException(
          "unsupported content version " + Integer.toUnsignedString(version));
    }
    if (content == null) {
      throw new WireFormatException("content carries no known kind");
    }
    return new Envelope(content, replyTo);
  }

  private static String singleString(ProtoReader in) throws WireFormatException {
    String value = "";
    while (in.hasMore()) {
      if (in.nextField() == 1) {
        value = in.string();
      } else {
        in.skip();
      }
    }
    return value;
  }

  private static long nonNegative(long value) throws WireFormatException {
    if (value < 0) {
      throw new WireFormatException("length out of range");
    }
    return value;
  }
}
