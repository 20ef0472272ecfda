package io.parley.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.protocol.media.MediaCipher;
import io.parley.protocol.media.MediaDescriptor;
import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.sandbox.client.Business;
import io.parley.sandbox.client.ControlClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message type both ways between a plain-Java business client and virtual users, over the
 * real transport and the media port: decrypted exactly at the other end, with server acks and
 * delivered and read receipts, and reply contexts carried end to end.
 */
class MessagingTest {

  private static final SecureRandom RANDOM = new SecureRandom();
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
            .register("Acme Shoes", 20);
    control.expect(
        201,
        "POST",
        "/control/users",
        "{\"wa_id\":\"" + USER + "\",\"name\":\"Ann\",\"read_after_ms\":50}");
  }

  @AfterEach
  void stop() throws Exception {
    business.close();
    sandbox.close();
  }

  @Test
  void aUserMessageArrivesDecryptedWithTheUsersProfileNameAndOpensTheWindow() throws Exception {
    assertEquals(ErrorCodes.REENGAGEMENT, business.sendAndAwait(USER, new Content.Text("hi")));

    userSends("{\"type\":\"text\",\"text\":{\"body\":\"Where is my order?\"}}");
    Frame frame = business.awaitMessageFrom(USER);

    assertEquals("Ann", ((Payload.Message) frame.payload()).pushName());
    assertEquals(new Content.Text("Where is my order?"), business.receive(frame));
    assertEquals(ErrorCodes.OK, business.sendAndAwait(USER, new Content.Text("On its way")));
  }

  @Test
  void everyBusinessMessageTypeArrivesExactAtTheUserWithDeliveredAndReadReceipts()
      throws Exception {
    openWindow();
    control.expect(
        201,
        "POST",
        "/control/templates",
        "{\"namespace\":\"acme\",\"name\":\"order_update\",\"language\":\"en_US\","
            + "\"components\":[{\"type\":\"BODY\",\"text\":\"Order {{1}} ships {{2}}\"}]}");
    byte[] photo = new byte[150_000];
    RANDOM.nextBytes(photo);
    List<Content> contents =
        List.of(
            new Content.Text("Hello Ann, see https://example.com"),
            media(photo),
            new Content.Location(52.3676, 4.9041, "Dam Square", "Amsterdam"),
            new Content.Contacts(
                "[{\"name\":{\"formatted_name\":\"Bob\"},\"phones\":[{\"phone\":\"+15550002\"}]}]"),
            new Content.Interactive(
                "{\"type\":\"button\",\"body\":{\"text\":\"Pick\"},\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"y\",\"title\":\"Yes\"}}]}}"),
            new Content.Interactive(
                "{\"type\":\"list\",\"body\":{\"text\":\"Pick\"},\"action\":{\"button\":\"Menu\",\"sections\":[{\"rows\":[{\"id\":\"r1\",\"title\":\"One\"}]}]}}"),
            new Content.Template(
                "acme",
                "order_update",
                "en_US",
                "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"#42\"},"
                    + "{\"type\":\"date_time\",\"date_time\":{\"fallback_value\":\"tomorrow\"}}]}]"));

    for (Content content : contents) {
      Payload.TemplateRef template =
          content instanceof Content.Template
              ? new Payload.TemplateRef("acme", "order_update", "en_US", 2)
              : null;
      Business.Sent sent = business.send(USER, content, template);
      assertEquals(
          ErrorCodes.OK,
          business.client.awaitAck(sent.frameId(), Business.WAIT),
          content.toString());
      business.awaitReceipt(sent.messageId(), Payload.ReceiptStatus.DELIVERED);
      business.awaitReceipt(sent.messageId(), Payload.ReceiptStatus.READ);
      JsonObject entry = inboxEntry(sent.messageId());
      assertEquals("read", entry.getString("status"));
      assertEquals(ContentJson.type(content), entry.getString("type"));
      JsonObject shown = entry.getJsonObject("content");
      if (content instanceof Content.Text text) {
        assertEquals(text.body(), shown.getString("body"));
      } else if (content instanceof Content.Media) {
        assertEquals(photo.length, shown.getJsonNumber("downloaded_bytes").longValue());
        assertArrayEquals(
            photo, control.bytes("/control/users/" + USER + "/media/" + sent.messageId()));
      } else if (content instanceof Content.Location) {
        assertEquals("Dam Square", shown.getString("name"));
        assertEquals(52.3676, shown.getJsonNumber("latitude").doubleValue());
      } else if (content instanceof Content.Contacts) {
        assertEquals(
            "Bob",
            shown
                .getJsonArray("contacts")
                .getJsonObject(0)
                .getJsonObject("name")
                .getString("formatted_name"));
      } else if (content instanceof Content.Interactive interactive) {
        assertEquals(interactive.json(), shown.getJsonObject("interactive").toString());
      } else if (content instanceof Content.Template) {
        assertEquals("Order #42 ships tomorrow", shown.getString("rendered"));
      }
    }
  }

  @Test
  void everyUserMessageTypeArrivesExactAtTheBusiness() throws Exception {
    byte[] document = "%PDF-1.7 invoice".getBytes(StandardCharsets.UTF_8);
    String data = Base64.getEncoder().encodeToString(document);
    List<String> requests =
        List.of(
            "{\"type\":\"text\",\"text\":{\"body\":\"hello\"}}",
            "{\"type\":\"document\",\"document\":{\"data\":\""
                + data
                + "\",\"mime_type\":\"application/pdf\",\"filename\":\"invoice.pdf\",\"caption\":\"May\"}}",
            "{\"type\":\"location\",\"location\":{\"latitude\":1.5,\"longitude\":-2.25,\"name\":\"Home\"}}",
            "{\"type\":\"contacts\",\"contacts\":[{\"name\":{\"formatted_name\":\"Cy\"}}]}",
            "{\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"y\",\"title\":\"Yes\"}}}",
            "{\"type\":\"interactive\",\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"r1\",\"title\":\"One\",\"description\":\"first\"}}}",
            "{\"type\":\"button\",\"button\":{\"payload\":\"stop-promos\",\"text\":\"Stop\"}}");
    List<Content> expected =
        List.of(
            new Content.Text("hello"),
            new Content.Text("placeholder for media"),
            new Content.Location(1.5, -2.25, "Home", ""),
            new Content.Contacts("[{\"name\":{\"formatted_name\":\"Cy\"}}]"),
            new Content.InteractiveReply(false, "y", "Yes", ""),
            new Content.InteractiveReply(true, "r1", "One", "first"),
            new Content.TemplateButtonReply("stop-promos", "Stop"));

    for (int i = 0; i < requests.size(); i++) {
      String id = userSends(requests.get(i)).getString("id");
      Frame frame = business.awaitMessageFrom(USER);
      assertEquals(id, ((Payload.Message) frame.payload()).messageId());
      Content received = business.receive(frame);
      if (received instanceof Content.Media media) {
        assertEquals(Content.MediaType.DOCUMENT, media.type());
        assertEquals("invoice.pdf", media.filename());
        assertEquals("May", media.caption());
        assertArrayEquals(document, downloadAndDecrypt(media));
      } else {
        assertEquals(expected.get(i), received);
      }
      business.client.send(new Payload.Receipt(id, "", USER, Payload.ReceiptStatus.READ, 0));
    }
    waitUntil(() -> "read".equals(inboxEntry(lastOutgoing()).getString("status")));
    JsonObject last = inboxEntry(lastOutgoing());
    assertEquals("stop-promos", last.getJsonObject("content").getString("payload"));
    assertTrue(last.getJsonObject("receipts").containsKey("read"));
  }

  @Test
  void anEchoUserRepliesToWhatItReceives() throws Exception {
    control.expect(200, "PATCH", "/control/users/" + USER, "{\"reply\":\"echo\"}");
    openWindow();

    business.sendAndAwait(USER, new Content.Text("ping 7"));

    assertEquals(new Content.Text("ping 7"), business.receive(business.awaitMessageFrom(USER)));
  }

  @Test
  void aBusinessReplyIsShownInTheInboxWithItsContext() throws Exception {
    String question = openWindow();

    Business.Sent sent = business.send(USER, new Content.Text("It ships today"), null, question);
    business.awaitReceipt(sent.messageId(), Payload.ReceiptStatus.DELIVERED);

    JsonObject entry = inboxEntry(sent.messageId());
    assertEquals(question, entry.getJsonObject("context").getString("message_id"));
  }

  @Test
  void aBusinessMessageWithoutContextIsShownWithout() throws Exception {
    openWindow();

    Business.Sent sent = business.send(USER, new Content.Text("News"));
    business.awaitReceipt(sent.messageId(), Payload.ReceiptStatus.DELIVERED);

    assertFalse(inboxEntry(sent.messageId()).containsKey("context"));
  }

  @Test
  void anEchoReplyRepliesToTheBusinessMessage() throws Exception {
    control.expect(200, "PATCH", "/control/users/" + USER, "{\"reply\":\"echo\"}");
    openWindow();

    Business.Sent sent = business.send(USER, new Content.Text("ping 8"));

    Frame frame = business.awaitMessageFrom(USER);
    assertEquals(
        new Content.Envelope(new Content.Text("ping 8"), sent.messageId()),
        business.receiveEnvelope(frame));
    String echo = ((Payload.Message) frame.payload()).messageId();
    assertEquals(
        sent.messageId(), inboxEntry(echo).getJsonObject("context").getString("message_id"));
  }

  @Test
  void aScriptedReplyRepliesToTheBusinessMessage() throws Exception {
    control.expect(
        200, "PATCH", "/control/users/" + USER, "{\"reply\":\"script\",\"script\":[\"Yes\"]}");
    openWindow();

    Business.Sent sent = business.send(USER, new Content.Text("Still interested?"));

    assertEquals(
        new Content.Envelope(new Content.Text("Yes"), sent.messageId()),
        business.receiveEnvelope(business.awaitMessageFrom(USER)));
  }

  @Test
  void aUserMessageSentWithAContextCarriesItEncrypted() throws Exception {
    JsonObject entry =
        userSends(
            "{\"type\":\"text\",\"text\":{\"body\":\"This one\"},"
                + "\"context\":{\"message_id\":\"wamid.catalogue\"}}");

    assertEquals("wamid.catalogue", entry.getJsonObject("context").getString("message_id"));
    assertEquals(
        new Content.Envelope(new Content.Text("This one"), "wamid.catalogue"),
        business.receiveEnvelope(business.awaitMessageFrom(USER)));
  }

  @Test
  void aSendWithAMalformedContextIsRefused() throws Exception {
    String request =
        "{\"to\":\""
            + business.waId()
            + "\",\"type\":\"text\",\"text\":{\"body\":\"x\"},\"context\":{}}";

    control.expect(400, "POST", "/control/users/" + USER + "/messages", request);
  }

  private Content.Media media(byte[] plaintext) throws Exception {
    ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
    MediaDescriptor descriptor =
        MediaCipher.encrypt(new ByteArrayInputStream(plaintext), encrypted, RANDOM);
    HttpResponse<String> uploaded =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sandbox.mediaPort() + "/v1/blobs"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(encrypted.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(201, uploaded.statusCode());
    String blob = JsonText.parse(uploaded.body()).getString("id");
    return new Content.Media(
        Content.MediaType.IMAGE,
        blob,
        "image/jpeg",
        descriptor.mediaKey(),
        descriptor.plaintextSha256(),
        descriptor.encryptedSha256(),
        descriptor.plaintextLength(),
        descriptor.encryptedLength(),
        "the shoes",
        "");
  }

  private byte[] downloadAndDecrypt(Content.Media media) throws Exception {
    HttpResponse<java.io.InputStream> blob =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + sandbox.mediaPort()
                                + "/v1/blobs/"
                                + media.blobId()))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, blob.statusCode());
    ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    MediaCipher.decrypt(
        blob.body(),
        plaintext,
        new MediaDescriptor(
            media.mediaKey(),
            media.plaintextSha256(),
            media.encryptedSha256(),
            media.plaintextLength(),
            media.encryptedLength()),
        data);
    assertEquals(
        HexFormat.of().formatHex(media.plaintextSha256()),
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(plaintext.toByteArray())));
    return plaintext.toByteArray();
  }

  /** The user writes first, so the customer-service window is open; the id of its message. */
  private String openWindow() throws Exception {
    String id = userSends("{\"type\":\"text\",\"text\":{\"body\":\"hi\"}}").getString("id");
    business.receive(business.awaitMessageFrom(USER));
    return id;
  }

  private JsonObject userSends(String request) throws Exception {
    JsonObject body = JsonText.parse(request);
    String withTo =
        jakarta.json.Json.createObjectBuilder(body).add("to", business.waId()).build().toString();
    JsonObject entry = control.expect(201, "POST", "/control/users/" + USER + "/messages", withTo);
    assertEquals("sent", entry.getString("status"));
    return entry;
  }

  private String lastOutgoing() throws Exception {
    List<JsonValue> inbox =
        control.expect(200, "GET", "/control/users/" + USER + "/inbox", null).getJsonArray("inbox");
    String id = null;
    for (JsonValue value : inbox) {
      if (value.asJsonObject().getString("direction").equals("out")) {
        id = value.asJsonObject().getString("id");
      }
    }
    return id;
  }

  private JsonObject inboxEntry(String messageId) throws Exception {
    for (JsonValue value :
        control
            .expect(200, "GET", "/control/users/" + USER + "/inbox", null)
            .getJsonArray("inbox")) {
      if (value.asJsonObject().getString("id").equals(messageId)) {
        return value.asJsonObject();
      }
    }
    throw new AssertionError("no inbox entry " + messageId);
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitUntil(Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 10 s");
      }
      Thread.sleep(20);
    }
  }
}
