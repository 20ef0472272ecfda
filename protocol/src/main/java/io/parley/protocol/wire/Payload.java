package io.parley.protocol.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of a {@link Frame}: one record per frame kind, each with its protobuf field layout (see
 * {@code parley.proto} beside this class). Decoders accept fields in any order, skip unknown ones,
 * and refuse missing required fields, unknown enum values and oversize lists with {@link
 * WireFormatException}.
 */
public sealed interface Payload {

  /** The field number of this kind inside {@code Frame}'s {@code body} oneof. */
  int field();

  /** The encoded fields of this payload. */
  ProtoWriter encode();

  /** The most one-time prekeys one upload may carry. */
  int MAX_ONE_TIME_PREKEYS = 1000;

  /** How a registration code is delivered. */
  enum CodeMethod {
    SMS,
    VOICE;

    int number() {
      return ordinal() + 1;
    }

    static CodeMethod of(int number) throws WireFormatException {
      if (number < 1 || number > values().length) {
        throw new WireFormatException("unknown code method " + number);
      }
      return values()[number - 1];
    }
  }

  /** What a receipt reports. */
  enum ReceiptStatus {
    DELIVERED,
    READ,
    /** The message could not be delivered; the receipt's error code says why. */
    FAILED;

    int number() {
      return ordinal() + 1;
    }

    static ReceiptStatus of(int number) throws WireFormatException {
      if (number < 1 || number > values().length) {
        throw new WireFormatException("unknown receipt status " + number);
      }
      return values()[number - 1];
    }
  }

  /**
   * Client to network, in the last Noise handshake message: which account and connection slot this
   * connection is, with its fencing epoch; an empty account is an anonymous connection that may
   * only register.
   */
  record Login(String account, int device, long epoch) implements Payload {
    static final int FIELD = 10;

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter().string(1, account).uint32(2, device).uint64(3, epoch);
    }

    static Login decode(ProtoReader in) throws WireFormatException {
      String account = "";
      int device = 0;
      long epoch = 0;
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> account = in.string();
          case 2 -> device = in.uint32();
          case 3 -> epoch = in.uint64();
          default -> in.skip();
        }
      }
      return new Login(account, device, epoch);
    }
  }

  /**
   * Client to network: asks for a registration code for a phone number, presenting the
   * verified-name certificate the network issued for it (see {@link VerifiedNameCertificate}).
   */
  record Register(String countryCode, String phoneNumber, CodeMethod method, byte[] certificate)
      implements Payload {
    static final int FIELD = 11;

    public Register {
      certificate = certificate.clone();
    }

    /** A registration without a certificate (the network refuses it). */
    public Register(String countryCode, String phoneNumber, CodeMethod method) {
      this(countryCode, phoneNumber, method, new byte[0]);
    }

    @Override
    public byte[] certificate() {
      return certificate.clone();
    }

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter()
          .string(1, countryCode)
          .string(2, phoneNumber)
          .uint32(3, method.number())
          .bytes(4, certificate);
    }

    static Register decode(ProtoReader in) throws WireFormatException {
      String cc = null;
      String phone = null;
      CodeMethod method = null;
      byte[] certificate = new byte[0];
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> cc = in.string();
          case 2 -> phone = in.string();
          case 3 -> method = CodeMethod.of(in.uint31());
          case 4 -> certificate = in.bytes();
          default -> in.skip();
        }
      }
      return new Register(
          required(cc, "cc"),
          required(phone, "phone_number"),
          required(method, "method"),
          certificate);
    }
  }

  /** Client to network: the registration code received, and the two-step PIN if one is set. */
  record Verify(String countryCode, String phoneNumber, String code, String pin)
      implements Payload {
    static final int FIELD = 12;

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter()
          .string(1, countryCode)
          .string(2, phoneNumber)
          .string(3, code)
          .string(4, pin);
    }

    static Verify decode(ProtoReader in) throws WireFormatException {
      String cc = null;
      String phone = null;
      String code = null;
      String pin = "";
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> cc = in.string();
          case 2 -> phone = in.string();
          case 3 -> code = in.string();
          case 4 -> pin = in.string();
          default -> in.skip();
        }
      }
      return new Verify(
          required(cc, "cc"), required(phone, "phone_number"), required(code, "code"), pin);
    }
  }

  /**
   * Network to client: the outcome of {@link Register} or {@link Verify}; {@code errorCode} zero is
   * success.
   */
  record RegisterResult(int errorCode, String account, byte[] certificate) implements Payload {
    static final int FIELD = 13;

    public RegisterResult {
      certificate = certificate.clone();
    }

    @Override
    public byte[] certificate() {
      return certificate.clone();
    }

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter().uint32(1, errorCode).string(2, account).bytes(3, certificate);
    }

    static RegisterResult decode(ProtoReader in) throws WireFormatException {
      int error = 0;
      String account = "";
      byte[] certificate = new byte[0];
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> error = in.uint32();
          case 2 -> account = in.string();
          case 3 -> certificate = in.bytes();
          default -> in.skip();
        }
      }
      return new RegisterResult(error, account, certificate);
    }
  }

  /**
   * An end-to-end encrypted message between devices; {@code ciphertext} is an encoded ratchet
   * message whose plaintext is an encoded {@link Content}. The network fills {@code from} and
   * {@code timestamp} when it relays. {@code kind} and {@code template} (for template messages,
   * else {@code null}) are in clear so the network can apply its rules (customer-service window,
   * template registry) without reading the content.
   */
  record Message(
      String messageId,
      String from,
      String to,
      int device,
      long timestamp,
      byte[] ciphertext,
      Content.Kind kind,
      TemplateRef template,
      String pushName)
      implements Payload {
    static final int FIELD = 14;

    public Message {
      ciphertext = ciphertext.clone();
      pushName = pushName == null ? "" : pushName;
    }

    /** A message without the sender's profile name (the network fills it for users). */
    public Message(
        String messageId,
        String from,
        String to,
        int device,
        long timestamp,
        byte[] ciphertext,
        Content.Kind kind,
        TemplateRef template) {
      this(messageId, from, to, device, timestamp, ciphertext, kind, template, "");
    }

    /** This message as relayed: sender, time and profile name filled in by the network. */
    public Message relayed(String sender, long time, String senderName) {
      return new Message(
          messageId, sender, to, device, time, ciphertext, kind, template, senderName);
    }

    @Override
    public byte[] ciphertext() {
      return ciphertext.clone();
    }

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter()
          .string(1, messageId)
          .string(2, from)
          .string(3, to)
          .uint32(4, device)
          .uint64(5, timestamp)
          .bytes(6, ciphertext)
          .uint32(7, kind.number())
          .message(8, template == null ? null : template.encode())
          .string(9, pushName);
    }

    static Message decode(ProtoReader in) throws WireFormatException {
      String id = null;
      String from = "";
      String to = "";
      int device = 0;
      long timestamp = 0;
      byte[] ciphertext = null;
      Content.Kind kind = null;
      TemplateRef template = null;
      String pushName = "";
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> id = in.string();
          case 2 -> from = in.string();
          case 3 -> to = in.string();
          case 4 -> device = in.uint32();
          case 5 -> timestamp = in.uint64();
          case 6 -> ciphertext = in.bytes();
          case 7 -> kind = Content.Kind.of(in.uint31());
          case 8 -> template = TemplateRef.decode(in.message());
          case 9 -> pushName = in.string();
          default -> in.skip();
        }
      }
      return new Message(
          required(id, "message_id"),
          from,
          to,
          device,
          timestamp,
          required(ciphertext, "ciphertext"),
          required(kind, "kind"),
          template,
          pushName);
    }
  }

  /** Which template a template message uses, and how many parameters it fills in. */
  record TemplateRef(String namespace, String name, String language, int parameterCount) {
    ProtoWriter encode() {
      return new ProtoWriter()
          .string(1, namespace)
          .string(2, name)
          .string(3, language)
          .uint32(4, parameterCount);
    }

    static TemplateRef decode(ProtoReader in) throws WireFormatException {
      String namespace = "";
      String name = null;
      String language = "";
      int parameterCount = 0;
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> namespace = in.string();
          case 2 -> name = in.string();
          case 3 -> language = in.string();
          case 4 -> parameterCount = in.uint31();
          default -> in.skip();
        }
      }
      return new TemplateRef(namespace, required(name, "template name"), language, parameterCount);
    }
  }

  /**
   * Either side: the frame with id {@code frameId} was received and stored ({@code errorCode} zero)
   * or refused.
   */
  record Ack(long frameId, int errorCode) implements Payload {
    static final int FIELD = 15;

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter().uint64(1, frameId).uint32(2, errorCode);
    }

    static Ack decode(ProtoReader in) throws WireFormatException {
      long id = 0;
      int error = 0;
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> id = in.uint64();
          case 2 -> error = in.uint32();
          default -> in.skip();
        }
      }
      return new Ack(id, error);
    }
  }

  /**
   * A delivery or read receipt for a message, forwarded to its sender, or the network's notice that
   * it failed ({@link ReceiptStatus#FAILED} with an On-Premises error code, e.g. 410 when its time
   * to live ran out).
   */
  record Receipt(
      String messageId, String from, String to, ReceiptStatus status, long timestamp, int errorCode)
      implements Payload {
    static final int FIELD = 16;

    /** A delivered or read receipt. */
    public Receipt(String messageId, String from, String to, ReceiptStatus status, long timestamp) {
      this(messageId, from, to, status, timestamp, 0);
    }

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter()
          .string(1, messageId)
          .string(2, from)
          .string(3, to)
          .uint32(4, status.number())
          .uint64(5, timestamp)
          .uint32(6, errorCode);
    }

    static Receipt decode(ProtoReader in) throws WireFormatException {
      String id = null;
      String from = "";
      String to = "";
      ReceiptStatus status = null;
      long timestamp = 0;
      int error = 0;
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> id = in.string();
          case 2 -> from = in.string();
          case 3 -> to = in.string();
          case 4 -> status = ReceiptStatus.of(in.uint31());
          case 5 -> timestamp = in.uint64();
          case 6 -> error = in.uint32();
          default -> in.skip();
        }
      }
      return new Receipt(
          required(id, "message_id"), from, to, required(status, "status"), timestamp, error);
    }
  }

  /** A public prekey with its id; the signature is empty for one-time prekeys. */
  record PreKey(int id, byte[] publicKey, byte[] signature) {
    public PreKey {
      publicKey = publicKey.clone();
      signature = signature.clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    ProtoWriter encode() {
      return new ProtoWriter().uint32(1, id).bytes(2, publicKey).bytes(3, signature);
    }

    static PreKey decode(ProtoReader in) throws WireFormatException {
      int id = 0;
      byte[] key = null;
      byte[] signature = new byte[0];
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> id = in.uint31();
          case 2 -> key = in.bytes(32);
          case 3 -> signature = in.bytes(64);
          default -> in.skip();
        }
      }
      return new PreKey(id, required(key, "prekey public key"), signature);
    }
  }

  /**
   * Client to network: the device's identity, current signed prekey and a batch of one-time
   * prekeys.
   */
  record PreKeyUpload(byte[] identity, PreKey signedPreKey, List<PreKey> oneTimePreKeys)
      implements Payload {
    static final int FIELD = 17;

    public PreKeyUpload {
      identity = identity.clone();
      oneTimePreKeys = List.copyOf(oneTimePreKeys);
    }

    @Override
    public byte[] identity() {
      return identity.clone();
    }

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      ProtoWriter out = new ProtoWriter().bytes(1, identity).message(2, signedPreKey.encode());
      for (PreKey key : oneTimePreKeys) {
        out.message(3, key.encode());
      }
      return out;
    }

    static PreKeyUpload decode(ProtoReader in) throws WireFormatException {
      byte[] identity = null;
      PreKey signed = null;
      List<PreKey> oneTime = new ArrayList<>();
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> identity = in.bytes(64);
          case 2 -> signed = PreKey.decode(in.message());
          case 3 -> {
            if (oneTime.size() == MAX_ONE_TIME_PREKEYS) {
              throw new WireFormatException(
                  "more than " + MAX_ONE_TIME_PREKEYS + " one-time prekeys");
            }
            oneTime.add(PreKey.decode(in.message()));
          }
          default -> in.skip();
        }
      }
      return new PreKeyUpload(
          required(identity, "identity"), required(signed, "signed_prekey"), oneTime);
    }
  }

  /** Client to network: asks for a prekey bundle of an account's device. */
  record PreKeyBundleRequest(String account, int device) implements Payload {
    static final int FIELD = 18;

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter().string(1, account).uint32(2, device);
    }

    static PreKeyBundleRequest decode(ProtoReader in) throws WireFormatException {
      String account = null;
      int device = 0;
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> account = in.string();
          case 2 -> device = in.uint32();
          default -> in.skip();
        }
      }
      return new PreKeyBundleRequest(required(account, "account"), device);
    }
  }

  /**
   * Network to client: a device's bundle; {@code oneTimePreKey} is {@code null} when none are left.
   */
  record PreKeyBundle(
      String account, int device, byte[] identity, PreKey signedPreKey, PreKey oneTimePreKey)
      implements Payload {
    static final int FIELD = 19;

    public PreKeyBundle {
      identity = identity.clone();
    }

    @Override
    public byte[] identity() {
      return identity.clone();
    }

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter()
          .string(1, account)
          .uint32(2, device)
          .bytes(3, identity)
          .message(4, signedPreKey.encode())
          .message(5, oneTimePreKey == null ? null : oneTimePreKey.encode());
    }

    static PreKeyBundle decode(ProtoReader in) throws WireFormatException {
      String account = null;
      int device = 0;
      byte[] identity = null;
      PreKey signed = null;
      PreKey oneTime = null;
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> account = in.string();
          case 2 -> device = in.uint32();
          case 3 -> identity = in.bytes(64);
          case 4 -> signed = PreKey.decode(in.message());
          case 5 -> oneTime = PreKey.decode(in.message());
          default -> in.skip();
        }
      }
      return new PreKeyBundle(
          required(account, "account"),
          device,
          required(identity, "identity"),
          required(signed, "signed_prekey"),
          oneTime);
    }
  }

  /**
   * Either side: a request could not be served; {@code code} uses the On-Premises error numbers.
   */
  record Error(int code, String message) implements Payload {
    static final int FIELD = 20;

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter().uint32(1, code).string(2, message);
    }

    static Error decode(ProtoReader in) throws WireFormatException {
      int code = 0;
      String message = "";
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> code = in.uint32();
          case 2 -> message = in.string();
          default -> in.skip();
        }
      }
      return new Error(code, message);
    }
  }

  /** Either side: keep-alive; answered by an {@link Ack} of its frame id. */
  record Ping() implements Payload {
    static final int FIELD = 21;

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter();
    }

    static Ping decode(ProtoReader in) throws WireFormatException {
      while (in.hasMore()) {
        in.nextField();
        in.skip();
      }
      return new Ping();
    }
  }

  /** What happened to a user, as {@link UserEvent} reports it. */
  enum UserEventType {
    /** The user's device has a new identity key (reinstall): sessions with it must restart. */
    IDENTITY_CHANGED,
    /** The user moved to a new number; {@code newAccount} names it. */
    NUMBER_CHANGED;

    int number() {
      return ordinal() + 1;
    }

    static UserEventType of(int number) throws WireFormatException {
      if (number < 1 || number > values().length) {
        throw new WireFormatException("unknown user event " + number);
      }
      return values()[number - 1];
    }
  }

  /**
   * Network to business: a user the business has talked with changed identity or number. Stored and
   * forwarded like a message; the client acks its frame.
   */
  record UserEvent(
      String eventId,
      UserEventType type,
      String account,
      String newAccount,
      byte[] identity,
      long timestamp)
      implements Payload {
    static final int FIELD = 22;

    public UserEvent {
      identity = identity.clone();
    }

    @Override
    public byte[] identity() {
      return identity.clone();
    }

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter()
          .string(1, eventId)
          .uint32(2, type.number())
          .string(3, account)
          .string(4, newAccount)
          .bytes(5, identity)
          .uint64(6, timestamp);
    }

    static UserEvent decode(ProtoReader in) throws WireFormatException {
      String id = null;
      UserEventType type = null;
      String account = null;
      String newAccount = "";
      byte[] identity = new byte[0];
      long timestamp = 0;
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> id = in.string();
          case 2 -> type = UserEventType.of(in.uint31());
          case 3 -> account = in.string();
          case 4 -> newAccount = in.string();
          case 5 -> identity = in.bytes();
          case 6 -> timestamp = in.uint64();
          default -> in.skip();
        }
      }
      return new UserEvent(
          required(id, "event_id"),
          required(type, "type"),
          required(account, "account"),
          newAccount,
          identity,
          timestamp);
    }
  }

  /** The most phone numbers one contact query may carry. */
  int MAX_CONTACT_QUERY = 1000;

  /** Client to network: which of these phone numbers are on the network. */
  record ContactQuery(List<String> numbers) implements Payload {
    static final int FIELD = 23;

    public ContactQuery {
      numbers = List.copyOf(numbers);
    }

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      ProtoWriter out = new ProtoWriter();
      for (String number : numbers) {
        out.string(1, number);
      }
      return out;
    }

    static ContactQuery decode(ProtoReader in) throws WireFormatException {
      List<String> numbers = new ArrayList<>();
      while (in.hasMore()) {
        if (in.nextField() == 1) {
          if (numbers.size() == MAX_CONTACT_QUERY) {
            throw new WireFormatException("more than " + MAX_CONTACT_QUERY + " numbers");
          }
          numbers.add(in.string());
        } else {
          in.skip();
        }
      }
      return new ContactQuery(numbers);
    }
  }

  /**
   * One answer of a contact query: the number as asked, and its account when it is on the network.
   */
  record ContactStatus(String input, String account) {
    /** Whether the number is on the network. */
    public boolean onNetwork() {
      return !account.isEmpty();
    }

    ProtoWriter encode() {
      return new ProtoWriter().string(1, input).string(2, account);
    }

    static ContactStatus decode(ProtoReader in) throws WireFormatException {
      String input = "";
      String account = "";
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> input = in.string();
          case 2 -> account = in.string();
          default -> in.skip();
        }
      }
      return new ContactStatus(input, account);
    }
  }

  /** Network to client: the answer to the {@link ContactQuery} of frame {@code queryId}. */
  record ContactResult(long queryId, List<ContactStatus> contacts) implements Payload {
    static final int FIELD = 24;

    public ContactResult {
      contacts = List.copyOf(contacts);
    }

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      ProtoWriter out = new ProtoWriter().uint64(1, queryId);
      for (ContactStatus contact : contacts) {
        out.message(2, contact.encode());
      }
      return out;
    }

    static ContactResult decode(ProtoReader in) throws WireFormatException {
      long queryId = 0;
      List<ContactStatus> contacts = new ArrayList<>();
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> queryId = in.uint64();
          case 2 -> {
            if (contacts.size() == MAX_CONTACT_QUERY) {
              throw new WireFormatException("more than " + MAX_CONTACT_QUERY + " contacts");
            }
            contacts.add(ContactStatus.decode(in.message()));
          }
          default -> in.skip();
        }
      }
      return new ContactResult(queryId, contacts);
    }
  }

  /**
   * Network to client: how many one-time prekeys the network still holds for this device, sent
   * after login and whenever they run low, so the client uploads more.
   */
  record PreKeyStatus(int oneTimePreKeys, boolean low) implements Payload {
    static final int FIELD = 25;

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter().uint32(1, oneTimePreKeys).bool(2, low);
    }

    static PreKeyStatus decode(ProtoReader in) throws WireFormatException {
      int count = 0;
      boolean low = false;
      while (in.hasMore()) {
        switch (in.nextField()) {
          case 1 -> count = in.uint31();
          case 2 -> low = in.bool();
          default -> in.skip();
        }
      }
      return new PreKeyStatus(count, low);
    }
  }

  /**
   * Business to network: sets the account's two-step verification PIN (empty removes it); a later
   * registration of the number must present it. Answered by an {@link Ack}.
   */
  record SetPin(String pin) implements Payload {
    static final int FIELD = 26;

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter().string(1, pin);
    }

    static SetPin decode(ProtoReader in) throws WireFormatException {
      String pin = "";
      while (in.hasMore()) {
        if (in.nextField() == 1) {
          pin = in.string();
        } else {
          in.skip();
        }
      }
      return new SetPin(pin);
    }
  }

  /**
   * Business to network: splits the account's traffic into {@code count} shards (1, 2, 4, 8, 16 or
   * 32). A user's frames then go to the connection slot {@code crc32(user's account) % count}, and
   * the business sends its messages to that user on the same slot. Answered by an {@link Ack}.
   */
  record SetShards(int count) implements Payload {
    static final int FIELD = 27;

    @Override
    public int field() {
      return FIELD;
    }

    @Override
    public ProtoWriter encode() {
      return new ProtoWriter().uint32(1, count);
    }

    static SetShards decode(ProtoReader in) throws WireFormatException {
      int count = 0;
      while (in.hasMore()) {
        if (in.nextField() == 1) {
          count = in.uint31();
        } else {
          in.skip();
        }
      }
      return new SetShards(count);
    }
  }

  private static <T> T required(T value, String name) throws WireFormatException {
    if (value == null) {
      throw new WireFormatException("missing field " + name);
    }
    return value;
  }
}
