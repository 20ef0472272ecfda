package io.parley.it.messaging;

import static io.parley.it.messaging.MediaSteps.accepted;
import static io.parley.it.messaging.MediaSteps.assertRefused;
import static io.parley.it.messaging.MediaSteps.pngBytes;
import static io.parley.it.messaging.MediaSteps.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import io.parley.it.webhooks.TestWebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Media messages (§2) by uploaded id, end to end: a file uploaded with {@code POST /v1/media} is
 * sent as an image, audio, video, document or sticker; Parley encrypts it, uploads it to the
 * sandbox network's blob store, and the virtual user's device downloads, verifies and decrypts it.
 * The bytes the user received are the bytes uploaded, with the caption, file name and type the
 * message gave. Then the request's media rules: caption and file name by type, unknown media, a
 * MIME type or size the type does not take, and the links refused at once (media by link is
 * MediaLinkIT's).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MediaMessagesIT extends ParleyIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String CC = "1";
  static final String PHONE = "5550005000";
  static final String BUSINESS = CC + PHONE;
  static final String IVY = "447700900501";

  static SandboxBusiness business;
  static Sandbox sandbox;
  static TestWebhookReceiver webhook;
  static ApiClient admin;

  /** Once per class: sandbox, webhook receiver, registration, a user whose window is open. */
  static synchronized void ready() throws Exception {
    if (admin != null) {
      return;
    }
    business =
        SandboxBusiness.register(
            CC,
            PHONE,
            Parley.json("{\"webhooks\":{\"message\":{\"sent\":true,\"delivered\":true}}}"));
    sandbox = business.sandbox();
    webhook = business.webhook();
    admin = business.admin();
    Parley.userWhoWrote(sandbox, IVY, BUSINESS);
  }

  @AfterAll
  static void closeReceiver() {
    if (business != null) {
      business.close();
    }
  }

  @Test
  @Order(1)
  void anImageArrivesByteForByteWithItsCaption() throws Exception {
    ready();
    byte[] png = pngBytes(300_000);

    JsonObject received = sendAndReceive("image", "image/png", png, "The new shelf", null);

    assertEquals("The new shelf", received.getJsonObject("content").getString("caption"));
  }

  @Test
  @Order(2)
  void anAudioArrivesByteForByte() throws Exception {
    ready();
    sendAndReceive("audio", "audio/ogg", randomBytes(100_000, 2), null, null);
  }

  @Test
  @Order(3)
  void aVideoArrivesByteForByteWithItsCaption() throws Exception {
    ready();
    JsonObject received =
        sendAndReceive("video", "video/mp4", randomBytes(1_500_000, 3), "Unboxing", null);

    assertEquals("Unboxing", received.getJsonObject("content").getString("caption"));
  }

  @Test
  @Order(4)
  void aDocumentArrivesByteForByteWithItsFileNameAndCaption() throws Exception {
    ready();
    byte[] pdf = randomBytes(2_000_000, 4);
    System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, pdf, 0, 9);

    JsonObject received =
        sendAndReceive("document", "application/pdf", pdf, "Your invoice", "invoice-17.pdf");

    assertEquals("Your invoice", received.getJsonObject("content").getString("caption"));
    assertEquals("invoice-17.pdf", received.getJsonObject("content").getString("filename"));
  }

  @Test
  @Order(5)
  void aStickerArrivesByteForByte() throws Exception {
    ready();
    sendAndReceive("sticker", "image/webp", randomBytes(60_000, 5), null, null);
  }

  @Test
  @Order(6)
  void theSameUploadCanBeSentTwiceAndEachCopyArrives() throws Exception {
    ready();
    byte[] png = pngBytes(10_000);
    String mediaId = upload("image/png", png);

    for (int i = 0; i < 2; i++) {
      String id = accepted(send("image", media(mediaId, "copy " + i, null)));
      webhook.awaitStatus(id, "delivered", WAIT);
      assertArrayEquals(png, sandbox.bytes("/control/users/" + IVY + "/media/" + id));
    }
  }

  @Test
  @Order(7)
  void aCaptionOnAudioIs1010() throws Exception {
    ready();
    String mediaId = upload("audio/ogg", randomBytes(1000, 7));

    assertRefused(send("audio", media(mediaId, "no captions here", null)), 400, 1010);
  }

  @Test
  @Order(8)
  void aFileNameOnAnImageIs1010() throws Exception {
    ready();
    String mediaId = upload("image/png", pngBytes(1000));

    assertRefused(send("image", media(mediaId, null, "photo.png")), 400, 1010);
  }

  @Test
  @Order(9)
  void anUnknownMediaIdIs404With1006() throws Exception {
    ready();

    assertRefused(send("image", media(UUID.randomUUID().toString(), null, null)), 404, 1006);
    assertRefused(send("document", media("not-a-media-id", null, null)), 404, 1006);
  }

  @Test
  @Order(10)
  void aMimeTypeTheTypeDoesNotTakeIs2008() throws Exception {
    ready();
    String gif = upload("image/gif", randomBytes(1000, 10));
    String png = upload("image/png", pngBytes(1000));

    assertRefused(send("image", media(gif, null, null)), 400, 2008);
    assertRefused(send("sticker", media(png, null, null)), 400, 2008);
  }

  @Test
  @Order(11)
  void aStickerOver500KbIs1009() throws Exception {
    ready();
    String mediaId = upload("image/webp", randomBytes(500 * 1024 + 1, 11));

    assertRefused(send("sticker", media(mediaId, null, null)), 400, 1009);
  }

  @Test
  @Order(12)
  void mediaByALinkThatIsNotHttpOrNamesAnUnknownProviderIsRefusedWith1009() throws Exception {
    ready();
    JsonObject ftp = Json.createObjectBuilder().add("link", "ftp://example.com/a.png").build();
    JsonObject unknownProvider =
        Json.createObjectBuilder()
            .add("link", "https://example.com/a.png")
            .add("provider", Json.createObjectBuilder().add("name", "nobody"))
            .build();

    assertRefused(send("image", ftp), 400, 1009);
    assertRefused(send("image", unknownProvider), 400, 1009);
  }

  @Test
  @Order(13)
  void aRefusedMediaMessageIsNotStoredOrSent() throws Exception {
    ready();
    int before = inbox(IVY).size();
    String mediaId = upload("image/gif", randomBytes(1000, 13));

    assertRefused(send("image", media(mediaId, null, null)), 400, 2008);

    Thread.sleep(500);
    assertEquals(before, inbox(IVY).size());
  }

  // --- helpers

  /**
   * Uploads {@code content} as {@code mimeType}, sends it as {@code type} to {@link #IVY}, waits
   * for the delivered status, and checks what her device received: the same bytes, verified, with
   * the type and MIME type. Her inbox entry.
   */
  private JsonObject sendAndReceive(
      String type, String mimeType, byte[] content, String caption, String filename)
      throws Exception {
    String mediaId = upload(mimeType, content);
    String id = accepted(send(type, media(mediaId, caption, filename)));

    webhook.awaitStatus(id, "sent", WAIT);
    webhook.awaitStatus(id, "delivered", WAIT);

    JsonObject entry = inboxEntry(IVY, id);
    JsonObject received = entry.getJsonObject("content");
    assertEquals("in", entry.getString("direction"));
    assertEquals(BUSINESS, entry.getString("peer"));
    assertEquals(type, entry.getString("type"));
    assertEquals(mimeType, received.getString("mime_type"));
    assertFalse(received.containsKey("download_error"), received.toString());
    assertEquals(content.length, received.getJsonNumber("downloaded_bytes").longValue());
    assertEquals(caption == null ? "" : caption, received.getString("caption"));
    assertEquals(filename == null ? "" : filename, received.getString("filename"));
    assertArrayEquals(content, sandbox.bytes("/control/users/" + IVY + "/media/" + id));
    return entry;
  }

  private String upload(String mimeType, byte[] content) {
    return MediaSteps.upload(admin, mimeType, content);
  }

  private static JsonObject media(String id, String caption, String filename) {
    JsonObjectBuilder media = Json.createObjectBuilder().add("id", id);
    if (caption != null) {
      media.add("caption", caption);
    }
    if (filename != null) {
      media.add("filename", filename);
    }
    return media.build();
  }

  private ApiClient.Response send(String type, JsonObject media) {
    return admin.post(
        "/v1/messages",
        Json.createObjectBuilder().add("to", IVY).add("type", type).add(type, media).build());
  }

  private static JsonArray inbox(String user) {
    return MediaSteps.inbox(sandbox, user);
  }

  private static JsonObject inboxEntry(String user, String messageId) throws InterruptedException {
    return MediaSteps.inboxEntry(sandbox, user, messageId, WAIT);
  }
}
