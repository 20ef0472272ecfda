package io.parley.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.sandbox.client.Business;
import io.parley.sandbox.client.ControlClient;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of the network's rules gives the On-Premises error code Parley reports, and the network's
 * events (offline devices, time to live, identity and number changes, contact lookup, prekeys
 * running low) reach the business.
 */
class RulesTest {

  private static final String USER = "447700900123";

  @TempDir Path data;
  private SandboxNetwork sandbox;
  private ControlClient control;
  private Business business;

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
  void aNumberNotOnTheNetworkIsNotValid() throws Exception {
    assertEquals(
        ErrorCodes.USER_NOT_VALID, business.sendAndAwait("15550009999", new Content.Text("hi")));
    long asked = business.client.send(new Payload.PreKeyBundleRequest("15550009999", 0));
    assertEquals(ErrorCodes.USER_NOT_VALID, business.client.awaitAck(asked, Business.WAIT));
  }

  @Test
  void contactLookupTellsWhichNumbersAreOnTheNetwork() throws Exception {
    long asked =
        business.client.send(
            new Payload.ContactQuery(List.of("+44 7700 900123", "+1 555 000 9999")));
    Payload.ContactResult result =
        business.client.awaitPayload(Payload.ContactResult.class, Business.WAIT);

    assertEquals(asked, result.queryId());
    assertEquals(new Payload.ContactStatus("+44 7700 900123", USER), result.contacts().get(0));
    assertEquals(new Payload.ContactStatus("+1 555 000 9999", ""), result.contacts().get(1));
  }

  @Test
  void freeFormMessagesNeedAnOpenCustomerServiceWindow() throws Exception {
    assertEquals(ErrorCodes.REENGAGEMENT, business.sendAndAwait(USER, new Content.Text("hi")));
    control.expect(200, "PATCH", "/control/rules", "{\"window_seconds\":1}");
    userSays("hello");

    assertEquals(ErrorCodes.OK, business.sendAndAwait(USER, new Content.Text("welcome")));
    Thread.sleep(1_200);
    assertEquals(
        ErrorCodes.REENGAGEMENT, business.sendAndAwait(USER, new Content.Text("still there?")));
  }

  @Test
  void templatesAreCheckedAgainstTheRegistry() throws Exception {
    control.expect(
        201,
        "POST",
        "/control/templates",
        "{\"namespace\":\"acme\",\"name\":\"receipt\",\"language\":\"en_US\","
            + "\"components\":[{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Hi {{1}}\"},"
            + "{\"type\":\"BODY\",\"text\":\"You paid {{1}} on {{2}}\"}]}");
    Content content = new Content.Template("acme", "receipt", "en_US", "[]");

    assertEquals(
        ErrorCodes.OK, template(content, new Payload.TemplateRef("acme", "receipt", "en_US", 3)));
    assertEquals(
        ErrorCodes.TEMPLATE_PARAMETER_COUNT,
        template(content, new Payload.TemplateRef("acme", "receipt", "en_US", 2)));
    assertEquals(
        ErrorCodes.TEMPLATE_LANGUAGE_MISSING,
        template(content, new Payload.TemplateRef("acme", "receipt", "de", 3)));
    assertEquals(
        ErrorCodes.TEMPLATE_MISSING,
        template(content, new Payload.TemplateRef("acme", "refund", "en_US", 3)));
    assertEquals(
        ErrorCodes.TEMPLATE_MISSING,
        template(content, new Payload.TemplateRef("other", "receipt", "en_US", 3)));

    control.expect(204, "DELETE", "/control/templates/acme/receipt/en_US", null);
    assertEquals(
        ErrorCodes.TEMPLATE_MISSING,
        template(content, new Payload.TemplateRef("acme", "receipt", "en_US", 3)));
  }

  @Test
  void theAccountThroughputLimitAndThePerRecipientLimitRefuseTheExcess() throws Exception {
    userSays("hi");
    control.expect(
        200,
        "PATCH",
        "/control/rules",
        "{\"account_messages_per_second\":1000,\"recipient_messages_per_minute\":3}");
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      codes.add(business.sendAndAwait(USER, new Content.Text("m" + i)));
    }
    assertEquals(List.of(0, 0, 0, 471, 471), codes);

    control.expect(
        200,
        "PATCH",
        "/control/rules",
        "{\"account_messages_per_second\":2,\"recipient_messages_per_minute\":0}");
    List<Long> frames = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      frames.add(business.send(USER, new Content.Text("n" + i)).frameId());
    }
    List<Integer> burst = new ArrayList<>();
    for (long frame : frames) {
      burst.add(business.client.awaitAck(frame, Business.WAIT));
    }
    assertEquals(2, burst.stream().filter(code -> code == ErrorCodes.OK).count(), burst.toString());
    assertTrue(
        burst.subList(2, 6).stream().allMatch(code -> code == ErrorCodes.RATE_LIMITED),
        burst.toString());
  }

  @Test
  void anOfflineUserGetsItsMessagesInOrderWhenItComesBack() throws Exception {
    userSays("hi");
    control.expect(200, "PATCH", "/control/users/" + USER, "{\"online\":false}");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Business.Sent sent = business.send(USER, new Content.Text("queued " + i));
      assertEquals(ErrorCodes.OK, business.client.awaitAck(sent.frameId(), Business.WAIT));
      ids.add(sent.messageId());
    }
    assertEquals(
        5, control.expect(200, "GET", "/control/users/" + USER, null).getInt("waiting_frames"));

    control.expect(200, "PATCH", "/control/users/" + USER, "{\"online\":true}");

    for (String id : ids) {
      business.awaitReceipt(id, Payload.ReceiptStatus.DELIVERED);
    }
    List<String> bodies = new ArrayList<>();
    for (var entry :
        control
            .expect(200, "GET", "/control/users/" + USER + "/inbox", null)
            .getJsonArray("inbox")) {
      JsonObject message = entry.asJsonObject();
      if (message.getString("direction").equals("in")) {
        bodies.add(message.getJsonObject("content").getString("body"));
      }
    }
    assertEquals(List.of("queued 0", "queued 1", "queued 2", "queued 3", "queued 4"), bodies);
  }

  @Test
  void aMessageWhoseTimeToLiveRunsOutFailsWith410() throws Exception {
    userSays("hi");
    control.expect(200, "PATCH", "/control/users/" + USER, "{\"online\":false}");
    control.expect(200, "PATCH", "/control/rules", "{\"message_ttl_seconds\":1}");
    Business.Sent sent = business.send(USER, new Content.Text("too late"));
    assertEquals(ErrorCodes.OK, business.client.awaitAck(sent.frameId(), Business.WAIT));

    Payload.Receipt failed = business.awaitReceipt(sent.messageId(), Payload.ReceiptStatus.FAILED);

    assertEquals(ErrorCodes.EXPIRED, failed.errorCode());
    assertEquals(
        0, control.expect(200, "GET", "/control/users/" + USER, null).getInt("waiting_frames"));
  }

  @Test
  void aReinstallChangesTheIdentityAndOldSessionsFailWith480() throws Exception {
    userSays("hi");
    assertEquals(ErrorCodes.OK, business.sendAndAwait(USER, new Content.Text("before")));
    String before =
        control.expect(200, "GET", "/control/users/" + USER, null).getString("identity");

    JsonObject after = control.expect(200, "POST", "/control/users/" + USER + "/reinstall", null);

    Frame event =
        business.client.await(f -> f.payload() instanceof Payload.UserEvent, Business.WAIT);
    Payload.UserEvent changed = (Payload.UserEvent) event.payload();
    business.client.ack(event);
    assertEquals(Payload.UserEventType.IDENTITY_CHANGED, changed.type());
    assertEquals(USER, changed.account());
    assertArrayEquals(
        java.util.Base64.getDecoder().decode(after.getString("identity")), changed.identity());
    assertTrue(!before.equals(after.getString("identity")));

    Business.Sent stale = business.send(USER, new Content.Text("old session"));
    business.client.awaitAck(stale.frameId(), Business.WAIT);
    assertEquals(
        ErrorCodes.USER_POTENTIALLY_CHANGED,
        business.awaitReceipt(stale.messageId(), Payload.ReceiptStatus.FAILED).errorCode());

    business.forget(USER);
    Business.Sent fresh = business.send(USER, new Content.Text("new session"));
    business.client.awaitAck(fresh.frameId(), Business.WAIT);
    business.awaitReceipt(fresh.messageId(), Payload.ReceiptStatus.DELIVERED);
  }

  @Test
  void aNumberChangeMovesTheUserAndTellsTheBusiness() throws Exception {
    userSays("hi");
    control.expect(
        200, "POST", "/control/users/" + USER + "/change-number", "{\"wa_id\":\"447700900999\"}");

    Frame event =
        business.client.await(f -> f.payload() instanceof Payload.UserEvent, Business.WAIT);
    business.client.ack(event);
    Payload.UserEvent changed = (Payload.UserEvent) event.payload();
    assertEquals(Payload.UserEventType.NUMBER_CHANGED, changed.type());
    assertEquals(USER, changed.account());
    assertEquals("447700900999", changed.newAccount());

    assertEquals(
        ErrorCodes.USER_NOT_VALID, business.sendAndAwait(USER, new Content.Text("old number")));
    assertEquals(404, control.call("GET", "/control/users/" + USER, null).status());
    business.forget(USER);
    Business.Sent sent = business.send("447700900999", new Content.Text("new number"));
    assertEquals(
        ErrorCodes.OK,
        business.client.awaitAck(sent.frameId(), Business.WAIT),
        "the window moved along");
    business.awaitReceipt(sent.messageId(), Payload.ReceiptStatus.DELIVERED);
  }

  @Test
  void theBusinessIsToldWhenItsOneTimePreKeysRunLow() throws Exception {
    for (int i = 0; i < 3; i++) {
      String number = "44770090020" + i;
      control.expect(201, "POST", "/control/users", "{\"wa_id\":\"" + number + "\"}");
      control.expect(
          201,
          "POST",
          "/control/users/" + number + "/messages",
          "{\"to\":\"" + business.waId() + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
    }
    Payload.PreKeyStatus status =
        business.client.awaitPayload(Payload.PreKeyStatus.class, Business.WAIT);
    assertTrue(status.low());
    assertTrue(status.oneTimePreKeys() < 10, "12 uploaded, 3 taken: " + status);
  }

  @Test
  void mediaBlobsAreDeletedAfterTheRetention() throws Exception {
    control.expect(200, "PATCH", "/control/rules", "{\"media_retention_seconds\":1}");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + sandbox.mediaPort() + "/v1/blobs";
    var uploaded =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(201, uploaded.statusCode());
    String blob = base + "/" + JsonText.parse(uploaded.body()).getString("id");
    var fetch = java.net.http.HttpRequest.newBuilder(java.net.URI.create(blob)).build();
    assertEquals(
        200, http.send(fetch, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).statusCode());

    MessagingTest.waitUntil(
        () ->
            http.send(fetch, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).statusCode()
                == 404);
    assertTrue(control.text("/metrics").contains("sandbox_blobs 0"));
  }

  @Test
  void aScriptedUserAnswersWithItsLinesInTurn() throws Exception {
    control.expect(
        200,
        "PATCH",
        "/control/users/" + USER,
        "{\"reply\":\"script\",\"script\":[\"first\",\"second\"]}");
    userSays("hi");
    List<Content> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      assertEquals(ErrorCodes.OK, business.sendAndAwait(USER, new Content.Text("q" + i)));
      answers.add(business.receive(business.awaitMessageFrom(USER)));
    }
    assertEquals(
        List.of(new Content.Text("first"), new Content.Text("second"), new Content.Text("first")),
        answers);
  }

  @Test
  void metricsCountWhatHappened() throws Exception {
    business.sendAndAwait("15550009999", new Content.Text("nobody"));
    userSays("hi");

    String metrics = control.text("/metrics");

    assertTrue(metrics.contains("sandbox_messages_refused_total{code=\"1013\"} 1"), metrics);
    assertTrue(
        metrics.contains("sandbox_messages_total{direction=\"user_to_business\"} 1"), metrics);
    assertTrue(metrics.contains("# TYPE sandbox_connections gauge"), metrics);
  }

  private int template(Content content, Payload.TemplateRef ref) throws Exception {
    Business.Sent sent = business.send(USER, content, ref);
    return business.client.awaitAck(sent.frameId(), Business.WAIT);
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
}
