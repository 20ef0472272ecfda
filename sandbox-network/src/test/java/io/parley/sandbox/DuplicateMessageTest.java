package io.parley.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.protocol.ratchet.PreKeyMessages;
import io.parley.protocol.ratchet.Session;
import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.sandbox.client.Business;
import io.parley.sandbox.client.ControlClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A business client that crashed after sending a message but before it recorded the network's ack
 * sends the message again, with the same id and new ciphertext: the network answers OK again and
 * the user's device gets the message once. Over real sockets, with the copies encrypted the way a
 * client would.
 */
class DuplicateMessageTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String USER = "447700900123";

  @TempDir Path data;
  private SandboxNetwork sandbox;
  private ControlClient control;
  private Business business;
  private Session session;

  @BeforeEach
  void start() throws Exception {
    sandbox = SandboxNetwork.start(SandboxConfig.ephemeral(data));
    control = new ControlClient(sandbox.controlPort());
    business =
        new Business("1", "5550001111", sandbox.transportPort(), sandbox.transportKey(), control)
            .register("Acme", 12);
    control.expect(201, "POST", "/control/users", "{\"wa_id\":\"" + USER + "\",\"name\":\"Ann\"}");
  }

  @AfterEach
  void stop() throws Exception {
    business.close();
    sandbox.close();
  }

  @Test
  void aResendIsAnsweredOkAndStoredOnceWhileADifferentIdIsStoredToo() throws Exception {
    userSays("hi");
    setOnline(false);

    assertEquals(ErrorCodes.OK, sendAndAwait("wamid.first", "hello"));
    assertEquals(ErrorCodes.OK, sendAndAwait("wamid.first", "hello"));
    assertEquals(ErrorCodes.OK, sendAndAwait("wamid.second", "still there?"));

    assertEquals(2, waitingFrames());
    setOnline(true);
    business.awaitReceipt("wamid.first", Payload.ReceiptStatus.DELIVERED);
    business.awaitReceipt("wamid.second", Payload.ReceiptStatus.DELIVERED);
    assertEquals(List.of("wamid.first", "wamid.second"), inboxIds());
    assertTrue(metrics().contains("sandbox_messages_resent_total 1\n"), metrics());
  }

  @Test
  void aResendAfterTheDeviceGotTheMessageIsNotDeliveredAgain() throws Exception {
    userSays("hi");
    assertEquals(ErrorCodes.OK, sendAndAwait("wamid.first", "hello"));
    business.awaitReceipt("wamid.first", Payload.ReceiptStatus.DELIVERED);

    assertEquals(ErrorCodes.OK, sendAndAwait("wamid.first", "hello"));
    assertEquals(ErrorCodes.OK, sendAndAwait("wamid.second", "anything else?"));

    // The device answers in order: a receipt for a second copy would have come first.
    business.awaitReceipt("wamid.second", Payload.ReceiptStatus.DELIVERED);
    assertThrows(
        AssertionError.class,
        () ->
            business.client.await(
                f ->
                    f.payload() instanceof Payload.Receipt r && r.messageId().equals("wamid.first"),
                Duration.ZERO));
    assertEquals(List.of("wamid.first", "wamid.second"), inboxIds());
    assertTrue(
        metrics().contains("sandbox_messages_total{direction=\"business_to_user\"} 2\n"),
        metrics());
  }

  @Test
  void aCopyArrivingWhileTheFirstIsStillBeingStoredIsStoredOnce() throws Exception {
    userSays("hi");
    setOnline(false);

    long first = send("wamid.first", "hello");
    long second = send("wamid.first", "hello");

    assertEquals(ErrorCodes.OK, business.client.awaitAck(first, Business.WAIT));
    assertEquals(ErrorCodes.OK, business.client.awaitAck(second, Business.WAIT));
    assertEquals(1, waitingFrames());
  }

  @Test
  void aResendOfARefusedMessageIsCheckedAgain() throws Exception {
    assertEquals(ErrorCodes.REENGAGEMENT, sendAndAwait("wamid.first", "hello"));
    userSays("hi");

    assertEquals(ErrorCodes.OK, sendAndAwait("wamid.first", "hello"));

    business.awaitReceipt("wamid.first", Payload.ReceiptStatus.DELIVERED);
    assertEquals(List.of("wamid.first"), inboxIds());
  }

  @Test
  void acceptedIdsAreRememberedAcrossARestart() throws Exception {
    userSays("hi");
    setOnline(false);
    assertEquals(ErrorCodes.OK, sendAndAwait("wamid.first", "hello"));

    sandbox.close();
    sandbox = SandboxNetwork.start(SandboxConfig.ephemeral(data));
    control = new ControlClient(sandbox.controlPort());
    business.connect(sandbox.transportPort(), 2);

    assertEquals(ErrorCodes.OK, sendAndAwait("wamid.first", "hello"));
    assertEquals(1, waitingFrames());
    assertTrue(metrics().contains("sandbox_accepted_message_ids 1\n"), metrics());
  }

  /**
   * Sends {@code text} as message {@code messageId}, encrypted afresh as a restarted client would.
   */
  private long send(String messageId, String text) throws Exception {
    if (session == null) {
      long asked = business.client.send(new Payload.PreKeyBundleRequest(USER, 0));
      Frame bundle =
          business.client.await(
              f -> f.id() == asked && f.payload() instanceof Payload.PreKeyBundle, Business.WAIT);
      session =
          Session.initiate(
              business.keys.identityKeyPair(),
              PreKeyMessages.fromPayload((Payload.PreKeyBundle) bundle.payload()),
              RANDOM);
    }
    Content content = new Content.Text(text);
    byte[] ciphertext = session.encrypt(content.encode());
    return business.client.send(
        new Payload.Message(messageId, "", USER, 0, 0, ciphertext, content.kind(), null));
  }

  private int sendAndAwait(String messageId, String text) throws Exception {
    return business.client.awaitAck(send(messageId, text), Business.WAIT);
  }

  private void userSays(String text) throws Exception {
    control.expect(
        201,
        "POST",
        "/control/users/" + USER + "/messages",
        "{\"to\":\""
            + business.waId()
            + "\",\"type\":\"text\",\"text\":{\"body\":\""
            + text
            + "\"}}");
    business.receive(business.awaitMessageFrom(USER));
  }

  private void setOnline(boolean online) throws Exception {
    control.expect(200, "PATCH", "/control/users/" + USER, "{\"online\":" + online + "}");
  }

  private int waitingFrames() throws Exception {
    return control.expect(200, "GET", "/control/users/" + USER, null).getInt("waiting_frames");
  }

  /** The ids of the messages the user received, oldest first. */
  private List<String> inboxIds() throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonValue value :
        control
            .expect(200, "GET", "/control/users/" + USER + "/inbox", null)
            .getJsonArray("inbox")) {
      JsonObject entry = value.asJsonObject();
      if (entry.getString("direction").equals("in")) {
        ids.add(entry.getString("id"));
      }
    }
    return ids;
  }

  private String metrics() throws Exception {
    return control.text("/metrics");
  }
}
