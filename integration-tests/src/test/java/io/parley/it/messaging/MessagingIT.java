package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import io.parley.it.webhooks.TestWebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The messaging pipeline end to end: Parley registered with the sandbox network over real sockets,
 * messages of every type to virtual users who really decrypt them, their messages back to the
 * webhook in the on-prem shapes, statuses, and the network's refusals as failed statuses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MessagingIT extends ParleyIT {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String CC = "1";
  static final String PHONE = "5550001000";
  static final String BUSINESS = CC + PHONE;
  static final String ANN = "447700900001";
  static final String BOB = "447700900002";
  static final String NAMESPACE = "a1b2c3d4_e5f6_7890";

  static Sandbox sandbox;
  static TestWebhookReceiver webhook;
  static ApiClient admin;

  /** Once per class: sandbox, webhook receiver with its CA uploaded, settings, registration. */
  static synchronized void ready() throws Exception {
    if (admin != null) {
      return;
    }
    sandbox = Sandbox.get();
    webhook = TestWebhookReceiver.start();
    admin = new ApiClient().asAdmin();
    ApiClient.Response ca =
        admin.send(
            "POST",
            "/v1/certificates/webhooks/ca",
            webhook.caPem(),
            Map.of("Content-Type", "text/plain"));
    assertEquals(201, ca.status(), ca.text());
    ApiClient.Response settings =
        admin.patch(
            "/v1/settings/application",
            json(
                "{\"webhooks\":{\"url\":\""
                    + webhook.url()
                    + "\",\"message\":{\"sent\":true,\"delivered\":true,\"read\":true}}}"));
    assertEquals(200, settings.status(), settings.text());
    for (String user : new String[] {ANN, BOB}) {
      sandbox.call(
          201,
          "POST",
          "/control/users",
          "{\"wa_id\":\"" + user + "\",\"name\":\"User " + user + "\",\"read_after_ms\":300}");
    }
    sandbox.call(
        201,
        "POST",
        "/control/templates",
        "{\"namespace\":\""
            + NAMESPACE
            + "\",\"name\":\"order_update\",\"language\":\"en_US\",\"components\":"
            + "[{\"type\":\"body\",\"text\":\"Order {{1}} ships on {{2}}\"}]}");
  }

  @AfterAll
  static void closeReceiver() {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  @Order(1)
  void registersWithTheNetworkAndConnects() throws Exception {
    ready();
    assertEquals("unregistered", gatewayStatus());
    String cert =
        sandbox
            .object(
                201,
                "POST",
                "/control/certificates",
                "{\"cc\":\""
                    + CC
                    + "\",\"phone_number\":\""
                    + PHONE
                    + "\",\"verified_name\":\"Parley Test Shop\"}")
            .getString("certificate");

    ApiClient.Response asked =
        admin.post(
            "/v1/account",
            json(
                "{\"cc\":\""
                    + CC
                    + "\",\"phone_number\":\""
                    + PHONE
                    + "\",\"method\":\"sms\",\"cert\":\""
                    + cert
                    + "\"}"));
    assertEquals(202, asked.status(), asked.text());
    assertEquals(
        "Parley Test Shop",
        asked.json().getJsonArray("account").getJsonObject(0).getString("vname"));

    ApiClient.Response wrong = admin.post("/v1/account/verify", json("{\"code\":\"000000\"}"));
    String code =
        sandbox.object(200, "GET", "/control/registrations/" + BUSINESS, null).getString("code");
    if (!code.equals("000000")) {
      assertEquals(400, wrong.status(), wrong.text());
      assertEquals(1009, wrong.errorCode());
    }
    ApiClient.Response verified =
        admin.post("/v1/account/verify", json("{\"code\":\"" + code + "\"}"));
    assertEquals(201, verified.status(), verified.text());

    awaitGateway("connected");
    // Connected means users can start a session: the keys are published by then.
    JsonObject published = sandbox.object(200, "GET", "/control/accounts/" + BUSINESS, null);
    assertTrue(published.getInt("one_time_prekeys") > 0, published.toString());
    ApiClient.Response again =
        admin.post(
            "/v1/account",
            json(
                "{\"cc\":\""
                    + CC
                    + "\",\"phone_number\":\""
                    + PHONE
                    + "\",\"method\":\"sms\",\"cert\":\""
                    + cert
                    + "\"}"));
    assertEquals(201, again.status(), again.text());
    JsonObject account = sandbox.object(200, "GET", "/control/accounts/" + BUSINESS, null);
    assertTrue(account.toString().contains("\"connected\":true"), account.toString());
  }

  @Test
  @Order(2)
  void aUserMessageReachesTheWebhookAndTheReplyGoesSentDeliveredRead() throws Exception {
    ready();
    userSends(ANN, "{\"type\":\"text\",\"text\":{\"body\":\"Is my order ready?\"}}");
    TestWebhookReceiver.MessageCallback inbound =
        webhook.awaitMessage(m -> m.getString("from").equals(ANN), WAIT);
    JsonObject message = inbound.message();
    assertEquals("text", message.getString("type"));
    assertEquals("Is my order ready?", message.getJsonObject("text").getString("body"));
    assertTrue(message.getString("timestamp").matches("[0-9]{10}"), message.toString());
    JsonObject contact = inbound.body().getJsonArray("contacts").getJsonObject(0);
    assertEquals(ANN, contact.getString("wa_id"));
    assertEquals("User " + ANN, contact.getJsonObject("profile").getString("name"));

    ApiClient.Response sent =
        admin.post(
            "/v1/messages",
            json(
                "{\"to\":\"+"
                    + ANN
                    + "\",\"type\":\"text\",\"text\":{\"body\":\"Yes, it ships today.\"},"
                    + "\"context\":{\"message_id\":\""
                    + message.getString("id")
                    + "\"}}"));
    assertEquals(201, sent.status(), sent.text());
    String id = sent.json().getJsonArray("messages").getJsonObject(0).getString("id");
    assertEquals(ANN, sent.json().getJsonArray("contacts").getJsonObject(0).getString("wa_id"));

    JsonObject sentStatus = webhook.awaitStatus(id, "sent", WAIT);
    assertEquals(ANN, sentStatus.getString("recipient_id"));
    webhook.awaitStatus(id, "delivered", WAIT);
    webhook.awaitStatus(id, "read", WAIT);

    JsonObject received = inboxEntry(ANN, id);
    assertEquals("in", received.getString("direction"));
    assertEquals(BUSINESS, received.getString("peer"));
    assertEquals("Yes, it ships today.", received.getJsonObject("content").getString("body"));
    assertEquals(
        message.getString("id"), received.getJsonObject("context").getString("message_id"));
  }

  @Test
  @Order(3)
  void everyOutboundTypeArrivesDecryptedAndExact() throws Exception {
    ready();
    JsonObject location =
        json(
            "{\"latitude\":51.5072,\"longitude\":-0.1276,\"name\":\"Depot\",\"address\":\"1 Road\"}");
    JsonObject locationEntry = sendAndFind(ANN, "location", location);
    assertEquals(
        51.5072, locationEntry.getJsonObject("content").getJsonNumber("latitude").doubleValue());
    assertEquals("1 Road", locationEntry.getJsonObject("content").getString("address"));

    JsonArray contacts =
        Json.createArrayBuilder()
            .add(
                json(
                    "{\"name\":{\"formatted_name\":\"Cy Doe\",\"first_name\":\"Cy\"},"
                        + "\"phones\":[{\"phone\":\"+1 555 0100\",\"type\":\"WORK\"}]}"))
            .build();
    ApiClient.Response contactsSent =
        admin.post(
            "/v1/messages",
            Json.createObjectBuilder()
                .add("to", ANN)
                .add("type", "contacts")
                .add("contacts", contacts)
                .build());
    assertEquals(201, contactsSent.status(), contactsSent.text());
    JsonObject contactsEntry = inboxEntry(ANN, idOf(contactsSent));
    assertEquals(contacts, contactsEntry.getJsonObject("content").getJsonArray("contacts"));

    JsonObject button =
        json(
            "{\"type\":\"button\",\"body\":{\"text\":\"Deliver when?\"},\"action\":{\"buttons\":["
                + "{\"type\":\"reply\",\"reply\":{\"id\":\"am\",\"title\":\"Morning\"}},"
                + "{\"type\":\"reply\",\"reply\":{\"id\":\"pm\",\"title\":\"Evening\"}}]}}");
    assertEquals(
        button,
        sendAndFind(ANN, "interactive", button)
            .getJsonObject("content")
            .getJsonObject("interactive"));

    JsonObject list =
        json(
            "{\"type\":\"list\",\"body\":{\"text\":\"Pick a slot\"},\"action\":{\"button\":\"Slots\","
                + "\"sections\":[{\"title\":\"Monday\",\"rows\":[{\"id\":\"mon-9\",\"title\":\"9:00\","
                + "\"description\":\"Morning\"}]}]}}");
    assertEquals(
        list,
        sendAndFind(ANN, "interactive", list)
            .getJsonObject("content")
            .getJsonObject("interactive"));

    JsonObject template =
        json(
            "{\"namespace\":\""
                + NAMESPACE
                + "\",\"name\":\"order_update\",\"language\":{\"policy\":\"deterministic\",\"code\":\"en_US\"},"
                + "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"A-17\"},"
                + "{\"type\":\"date_time\",\"date_time\":{\"fallback_value\":\"Monday\"}}]}]}");
    JsonObject templateEntry = sendAndFind(BOB, "template", template);
    assertEquals("order_update", templateEntry.getJsonObject("content").getString("name"));
    assertTrue(
        templateEntry.toString().contains("Order A-17 ships on Monday"), templateEntry.toString());
  }

  @Test
  @Order(4)
  void everyInboundTypeArrivesInTheOnPremShape() throws Exception {
    ready();
    JsonObject location =
        inbound(
            BOB,
            "{\"type\":\"location\",\"location\":{\"latitude\":38.9,\"longitude\":-77.0,\"name\":\"Home\",\"address\":\"2 Lane\"}}",
            "location");
    assertEquals(38.9, location.getJsonObject("location").getJsonNumber("latitude").doubleValue());
    assertEquals("Home", location.getJsonObject("location").getString("name"));

    JsonObject contacts =
        inbound(
            BOB,
            "{\"type\":\"contacts\",\"contacts\":[{\"name\":{\"formatted_name\":\"Di Roe\"}}]}",
            "contacts");
    assertEquals(
        "Di Roe",
        contacts
            .getJsonArray("contacts")
            .getJsonObject(0)
            .getJsonObject("name")
            .getString("formatted_name"));

    JsonObject buttonReply =
        inbound(
            BOB,
            "{\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"am\",\"title\":\"Morning\"}}}",
            "interactive");
    assertEquals(
        json("{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"am\",\"title\":\"Morning\"}}"),
        buttonReply.getJsonObject("interactive"));

    JsonObject listReply =
        inbound(
            BOB,
            "{\"type\":\"interactive\",\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"mon-9\",\"title\":\"9:00\",\"description\":\"Morning\"}}}",
            "interactive");
    assertEquals(
        json(
            "{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"mon-9\",\"title\":\"9:00\",\"description\":\"Morning\"}}"),
        listReply.getJsonObject("interactive"));

    JsonObject quickReply =
        inbound(
            BOB,
            "{\"type\":\"button\",\"button\":{\"payload\":\"track\",\"text\":\"Track it\"}}",
            "button");
    assertEquals(
        json("{\"payload\":\"track\",\"text\":\"Track it\"}"), quickReply.getJsonObject("button"));
  }

  @Test
  @Order(5)
  void theNetworksRefusalsArriveAsFailedStatusesWithTheirCodes() throws Exception {
    ready();
    String carol = "447700900003";
    sandbox.call(201, "POST", "/control/users", "{\"wa_id\":\"" + carol + "\",\"name\":\"Carol\"}");
    assertFailed("447700999999", "text", json("{\"body\":\"anyone?\"}"), 1013);
    assertFailed(carol, "text", json("{\"body\":\"we never spoke\"}"), 470);
    assertFailed(
        carol,
        "template",
        json(
            "{\"namespace\":\""
                + NAMESPACE
                + "\",\"name\":\"no_such\",\"language\":{\"code\":\"en_US\"}}"),
        2001);
    assertFailed(
        carol,
        "template",
        json(
            "{\"namespace\":\""
                + NAMESPACE
                + "\",\"name\":\"order_update\",\"language\":{\"code\":\"de\"}}"),
        2003);
    assertFailed(
        carol,
        "template",
        json(
            "{\"namespace\":\""
                + NAMESPACE
                + "\",\"name\":\"order_update\",\"language\":{\"code\":\"en_US\"},"
                + "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"A-1\"}]}]}"),
        2000);
  }

  @Test
  @Order(6)
  void markingAMessageReadSendsTheReadReceiptToTheUsersDevice() throws Exception {
    ready();
    JsonObject entry =
        sandbox.object(
            201,
            "POST",
            "/control/users/" + BOB + "/messages",
            "{\"to\":\"" + BUSINESS + "\",\"type\":\"text\",\"text\":{\"body\":\"read me\"}}");
    String id = entry.getString("id");
    webhook.awaitMessage(m -> m.getString("id").equals(id), WAIT);

    ApiClient.Response read = admin.put("/v1/messages/" + id, json("{\"status\":\"read\"}"));
    assertEquals(200, read.status(), read.text());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!inboxEntry(BOB, id).getJsonObject("receipts").containsKey("read")) {
      assertTrue(
          System.nanoTime() < deadline, "no read receipt at the user: " + inboxEntry(BOB, id));
      Thread.sleep(100);
    }
    ApiClient.Response unknown =
        admin.put("/v1/messages/wamid.nope", json("{\"status\":\"read\"}"));
    assertEquals(404, unknown.status(), unknown.text());
    assertEquals(1006, unknown.errorCode());
  }

  @Test
  @Order(7)
  void aMessageRefusedByValidationIsNotStoredOrSent() throws Exception {
    ready();
    int before =
        sandbox
            .object(200, "GET", "/control/users/" + ANN + "/inbox", null)
            .getJsonArray("inbox")
            .size();
    ApiClient.Response tooLong =
        admin.post(
            "/v1/messages",
            Json.createObjectBuilder()
                .add("to", ANN)
                .add("text", Json.createObjectBuilder().add("body", "x".repeat(4097)))
                .build());
    assertEquals(400, tooLong.status(), tooLong.text());
    assertEquals(1001, tooLong.errorCode());
    assertFalse(tooLong.text().contains("Exception"), tooLong.text());
    Thread.sleep(500);
    assertEquals(
        before,
        sandbox
            .object(200, "GET", "/control/users/" + ANN + "/inbox", null)
            .getJsonArray("inbox")
            .size());
  }

  @Test
  @Order(8)
  void aMessageTheDeviceDoesNotCollectWithinItsTimeToLiveFailsWith410() throws Exception {
    ready();
    sandbox.call(200, "PATCH", "/control/rules", "{\"message_ttl_seconds\":2}");
    sandbox.call(200, "PATCH", "/control/users/" + ANN, "{\"online\":false}");
    try {
      ApiClient.Response sent =
          admin.post(
              "/v1/messages",
              json("{\"to\":\"" + ANN + "\",\"text\":{\"body\":\"are you there?\"}}"));
      assertEquals(201, sent.status(), sent.text());
      webhook.awaitStatus(idOf(sent), "sent", WAIT);
      JsonObject failed = webhook.awaitStatus(idOf(sent), "failed", WAIT);
      assertEquals(410, failed.getJsonArray("errors").getJsonObject(0).getInt("code"));
    } finally {
      sandbox.call(200, "PATCH", "/control/rules", "{\"message_ttl_seconds\":2592000}");
      sandbox.call(200, "PATCH", "/control/users/" + ANN, "{\"online\":true}");
    }
  }

  @Test
  @Order(9)
  void messagesToOneRecipientArriveInTheOrderTheyWereAccepted() throws Exception {
    ready();
    // Sent one after another, alternating between two users: each is accepted before the next.
    Map<String, List<String>> accepted = Map.of(ANN, new ArrayList<>(), BOB, new ArrayList<>());
    for (int i = 0; i < 120; i++) {
      String to = i % 2 == 0 ? ANN : BOB;
      String body = "in order " + i;
      ApiClient.Response sent = postText(to, body);
      assertEquals(201, sent.status(), sent.text());
      accepted.get(to).add(body);
    }
    for (String user : List.of(ANN, BOB)) {
      List<String> wanted = accepted.get(user);
      inboxEntry(user, null, wanted.get(wanted.size() - 1));
      List<String> arrived =
          receivedBodies(user).stream().filter(body -> body.startsWith("in order ")).toList();
      assertEquals(wanted, arrived, "order at " + user);
    }
  }

  @Test
  @Order(10)
  void aSendTheNetworkLeavesUnansweredIsDeliveredAgainAndArrivesOnce() throws Exception {
    ready();
    double resentBefore = sandbox.metric("sandbox_messages_resent_total");
    String body = "while the network stalled";
    ApiClient.Response sent;
    sandbox.pause();
    try {
      sent = postText(BOB, body);
      assertEquals(201, sent.status(), sent.text());
      // Longer than the network time-out (parley.network.timeout-ms, 10 s): the consumer gives up
      // on the answer and throws, and the broker is to deliver the message again.
      Thread.sleep(12_000);
    } finally {
      sandbox.resume();
    }
    String id = idOf(sent);
    webhook.awaitStatus(id, "sent", WAIT);
    webhook.awaitStatus(id, "delivered", WAIT);
    inboxEntry(BOB, id);
    // The frame sent before the stall reached the network when it went on; the message was sent
    // again on the broker's redelivery, recognised by its id and answered without a second copy.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (sandbox.metric("sandbox_messages_resent_total") < resentBefore + 1
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(resentBefore + 1, sandbox.metric("sandbox_messages_resent_total"));
    assertEquals(1, receivedBodies(BOB).stream().filter(body::equals).count());
    long sentStatuses =
        webhook.callbacks().stream()
            .filter(callback -> callback.containsKey("statuses"))
            .flatMap(callback -> callback.getJsonArray("statuses").stream())
            .map(JsonValue::asJsonObject)
            .filter(s -> s.getString("id").equals(id) && s.getString("status").equals("sent"))
            .count();
    assertEquals(1, sentStatuses);
  }

  // --- helpers

  private static ApiClient.Response postText(String to, String body) {
    return admin.post(
        "/v1/messages",
        Json.createObjectBuilder()
            .add("to", to)
            .add("text", Json.createObjectBuilder().add("body", body))
            .build());
  }

  /** The text bodies {@code user}'s device received, in the order they arrived. */
  private static List<String> receivedBodies(String user) {
    List<String> bodies = new ArrayList<>();
    for (JsonValue value :
        sandbox
            .object(200, "GET", "/control/users/" + user + "/inbox", null)
            .getJsonArray("inbox")) {
      JsonObject content = value.asJsonObject().getJsonObject("content");
      String body = content == null ? null : content.getString("body", null);
      if (body != null && value.asJsonObject().getString("direction").equals("in")) {
        bodies.add(body);
      }
    }
    return bodies;
  }

  private void assertFailed(String to, String type, JsonObject content, int code) {
    ApiClient.Response sent =
        admin.post(
            "/v1/messages",
            Json.createObjectBuilder().add("to", to).add("type", type).add(type, content).build());
    assertEquals(201, sent.status(), sent.text());
    JsonObject failed = webhook.awaitStatus(idOf(sent), "failed", WAIT);
    assertEquals(
        code, failed.getJsonArray("errors").getJsonObject(0).getInt("code"), failed.toString());
    assertTrue(
        failed.getJsonArray("errors").getJsonObject(0).containsKey("title"), failed.toString());
  }

  private JsonObject sendAndFind(String to, String type, JsonObject content) throws Exception {
    ApiClient.Response sent =
        admin.post(
            "/v1/messages",
            Json.createObjectBuilder().add("to", to).add("type", type).add(type, content).build());
    assertEquals(201, sent.status(), sent.text());
    return inboxEntry(to, idOf(sent));
  }

  /**
   * Makes {@code user} send {@code body} (a control API message) to the business first, so the
   * window opens.
   */
  private static void userSends(String user, String body) {
    JsonObject request = json(body);
    sandbox.call(
        201,
        "POST",
        "/control/users/" + user + "/messages",
        Json.createObjectBuilder(request).add("to", BUSINESS).build().toString());
  }

  /** {@code user} sends {@code body}; the webhook message that arrives for it, of {@code type}. */
  private static JsonObject inbound(String user, String body, String type) {
    JsonObject entry =
        sandbox.object(
            201,
            "POST",
            "/control/users/" + user + "/messages",
            Json.createObjectBuilder(json(body)).add("to", BUSINESS).build().toString());
    String id = entry.getString("id");
    JsonObject message = webhook.awaitMessage(m -> m.getString("id").equals(id), WAIT).message();
    assertEquals(type, message.getString("type"), message.toString());
    assertEquals(user, message.getString("from"));
    return message;
  }

  private static JsonObject inboxEntry(String user, String messageId) throws InterruptedException {
    return inboxEntry(user, messageId, null);
  }

  /** The entry of {@code user}'s inbox with {@code messageId}, or else with text {@code body}. */
  private static JsonObject inboxEntry(String user, String messageId, String body)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonArray inbox =
          sandbox
              .object(200, "GET", "/control/users/" + user + "/inbox", null)
              .getJsonArray("inbox");
      for (JsonValue value : inbox) {
        JsonObject entry = value.asJsonObject();
        if (messageId != null
            ? entry.getString("id").equals(messageId)
            : entry.getJsonObject("content") != null
                && body.equals(entry.getJsonObject("content").getString("body", null))) {
          return entry;
        }
      }
      assertTrue(
          System.nanoTime() < deadline,
          (messageId != null ? messageId : body) + " never reached " + user + ": " + inbox);
      Thread.sleep(100);
    }
  }

  private static String idOf(ApiClient.Response sent) {
    return sent.json().getJsonArray("messages").getJsonObject(0).getString("id");
  }

  private static String gatewayStatus() {
    return admin.get("/v1/health").json().getJsonObject("health").getString("gateway_status");
  }

  private static void awaitGateway(String wanted) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!gatewayStatus().equals(wanted)) {
      assertTrue(System.nanoTime() < deadline, "gateway stayed " + gatewayStatus());
      Thread.sleep(200);
    }
  }

  static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
