package io.parley.sandbox.client;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.noise.NoiseException;
import io.parley.protocol.ratchet.DeviceKeys;
import io.parley.protocol.ratchet.PreKeyMessages;
import io.parley.protocol.ratchet.RatchetException;
import io.parley.protocol.ratchet.RatchetMessage;
import io.parley.protocol.ratchet.Session;
import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.WireFormatException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A registered business for tests: its transport key, end-to-end device keys and sessions, and a
 * connection. It registers through the real flow (certificate, code from the control API, verify)
 * and encrypts and decrypts like a real client would.
 */
public final class Business implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  public final String cc;
  public final String phone;
  public final X25519.KeyPair transportKey = X25519.generate(RANDOM);
  public final DeviceKeys keys = DeviceKeys.generate(RANDOM);
  private final Map<String, Session> sessions = new HashMap<>();
  private int port;
  private final byte[] networkKey;
  private final ControlClient control;
  public BusinessClient client;

  public Business(String cc, String phone, int port, byte[] networkKey, ControlClient control) {
    this.cc = cc;
    this.phone = phone;
    this.port = port;
    this.networkKey = networkKey.clone();
    this.control = control;
  }

  public String waId() {
    return cc + phone;
  }

  /**
   * Registers the number (certificate, code, verify), connects and publishes {@code oneTime}
   * prekeys.
   */
  public Business register(String verifiedName, int oneTime) throws Exception {
    JsonObject certificate =
        control.expect(
            201,
            "POST",
            "/control/certificates",
            "{\"cc\":\""
                + cc
                + "\",\"phone_number\":\""
                + phone
                + "\",\"verified_name\":\""
                + verifiedName
                + "\"}");
    byte[] cert = java.util.Base64.getDecoder().decode(certificate.getString("certificate"));
    try (BusinessClient anonymous = anonymous()) {
      long asked = anonymous.send(new Payload.Register(cc, phone, Payload.CodeMethod.SMS, cert));
      Payload.RegisterResult sent = awaitResult(anonymous, asked);
      if (sent.errorCode() != 0) {
        throw new AssertionError("register refused: " + sent.errorCode());
      }
      String code =
          control.expect(200, "GET", "/control/registrations/" + waId(), null).getString("code");
      long verified = anonymous.send(new Payload.Verify(cc, phone, code, ""));
      Payload.RegisterResult done = awaitResult(anonymous, verified);
      if (done.errorCode() != 0) {
        throw new AssertionError("verify refused: " + done.errorCode());
      }
    }
    connect(1);
    long upload = client.send(keys.upload(keys.newOneTimePreKeys(oneTime, RANDOM)));
    int code = client.awaitAck(upload, WAIT);
    if (code != 0) {
      throw new AssertionError("prekey upload refused: " + code);
    }
    return this;
  }

  /** An anonymous (registration) connection with this business's transport key. */
  public BusinessClient anonymous() throws IOException, NoiseException {
    return BusinessClient.connect(port, networkKey, transportKey, new Payload.Login("", 0, 0));
  }

  public static Payload.RegisterResult awaitResult(BusinessClient client, long id)
      throws InterruptedException {
    return (Payload.RegisterResult)
        client
            .await(f -> f.id() == id && f.payload() instanceof Payload.RegisterResult, WAIT)
            .payload();
  }

  /** Reconnects to a network now listening on {@code newPort} (after a restart). */
  public BusinessClient connect(int newPort, long epoch) throws Exception {
    this.port = newPort;
    return connect(epoch);
  }

  /** (Re)connects slot 0 with {@code epoch}; the login's prekey status is consumed. */
  public BusinessClient connect(long epoch) throws Exception {
    if (client != null) {
      client.close();
    }
    client =
        BusinessClient.connect(port, networkKey, transportKey, new Payload.Login(waId(), 0, epoch));
    client.awaitPayload(Payload.PreKeyStatus.class, WAIT);
    return client;
  }

  /** A message sent: its id and the frame that carried it (the network acks the frame). */
  public record Sent(String messageId, long frameId) {}

  /** Encrypts {@code content} for {@code user} and sends it, fetching a bundle on first contact. */
  public Sent send(String user, Content content) throws Exception {
    return send(user, content, null);
  }

  public Sent send(String user, Content content, Payload.TemplateRef template) throws Exception {
    return send(user, content, template, null);
  }

  /**
   * Encrypts {@code content} for {@code user}, replying to message {@code replyTo} when not {@code
   * null}, and sends it.
   */
  public Sent send(String user, Content content, Payload.TemplateRef template, String replyTo)
      throws Exception {
    Session session = sessions.get(user);
    byte[] ciphertext;
    if (session == null) {
      long asked = client.send(new Payload.PreKeyBundleRequest(user, 0));
      Frame answer =
          client.await(
              f ->
                  (f.id() == asked && f.payload() instanceof Payload.PreKeyBundle)
                      || (f.payload() instanceof Payload.Ack a && a.frameId() == asked),
              WAIT);
      if (answer.payload() instanceof Payload.PreKeyBundle bundle) {
        session =
            Session.initiate(keys.identityKeyPair(), PreKeyMessages.fromPayload(bundle), RANDOM);
        sessions.put(user, session);
      }
    }
    // A number with no keys still gets a message sent, so the network's own refusal is seen.
    ciphertext =
        session == null ? new byte[] {1} : session.encrypt(Content.encode(content, replyTo));
    String id = "wamid." + UUID.randomUUID();
    long frame =
        client.send(new Payload.Message(id, "", user, 0, 0, ciphertext, content.kind(), template));
    return new Sent(id, frame);
  }

  /** Sends and waits for the network's ack: its error code (0 when stored for the user). */
  public int sendAndAwait(String user, Content content) throws Exception {
    return client.awaitAck(send(user, content).frameId(), WAIT);
  }

  /** Forgets the session with {@code user} (after an identity change). */
  public void forget(String user) {
    sessions.remove(user);
  }

  /** Decrypts a user's message frame and acknowledges it. */
  public Content receive(Frame frame) throws Exception {
    return receiveEnvelope(frame).content();
  }

  /** Decrypts a user's message frame, with its reply context, and acknowledges it. */
  public Content.Envelope receiveEnvelope(Frame frame) throws Exception {
    Payload.Message message = (Payload.Message) frame.payload();
    Content.Envelope envelope = Content.open(decrypt(message));
    client.ack(frame);
    return envelope;
  }

  private byte[] decrypt(Payload.Message message) throws RatchetException, WireFormatException {
    RatchetMessage ratchet = RatchetMessage.decode(message.ciphertext());
    Session session = sessions.get(message.from());
    if (session != null) {
      try {
        return session.decrypt(ratchet);
      } catch (RatchetException e) {
        if (ratchet.preKeyHeader() == null) {
          throw e;
        }
      }
    }
    DeviceKeys.Accepted accepted = keys.accept(ratchet, RANDOM);
    sessions.put(message.from(), accepted.session());
    return accepted.plaintext();
  }

  /** The next message from {@code user}. */
  public Frame awaitMessageFrom(String user) throws InterruptedException {
    return client.await(
        f -> f.payload() instanceof Payload.Message m && m.from().equals(user), WAIT);
  }

  /** The next receipt of {@code status} for {@code messageId}, acknowledged. */
  public Payload.Receipt awaitReceipt(String messageId, Payload.ReceiptStatus status)
      throws Exception {
    Frame frame =
        client.await(
            f ->
                f.payload() instanceof Payload.Receipt r
                    && r.messageId().equals(messageId)
                    && r.status() == status,
            WAIT);
    client.ack(frame);
    return (Payload.Receipt) frame.payload();
  }

  @Override
  public void close() throws IOException {
    if (client != null) {
      client.close();
    }
  }
}
