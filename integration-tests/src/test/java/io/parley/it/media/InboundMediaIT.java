package io.parley.it.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.parley.it.ApiClient;
import io.parley.it.Digests;
import io.parley.it.ParleyIT;
import io.parley.it.messaging.Parley;
import io.parley.it.messaging.Sandbox;
import io.parley.it.messaging.SandboxBusiness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Media users send (§4, §5), end to end: a virtual user of the sandbox network sends each media
 * type; the webhook shows it with a media id, MIME type, SHA-256, and the caption and file name its
 * type carries; {@code GET /v1/media/{id}} answers exactly the bytes the user sent. The sandbox
 * counts each download of a blob, which shows when Parley fetched it: for the types {@code
 * media.auto_download} lists before the webhook went out, for the others not before the first GET,
 * and never again after it. A blob the network no longer has is 404/1006, and received media can be
 * deleted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InboundMediaIT extends ParleyIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String UMA = "447700900701";

  static SandboxBusiness business;
  static Sandbox sandbox;
  static ApiClient admin;

  /** What a user sent, and what Parley's webhook made of it. */
  record Received(byte[] content, String blobId, JsonObject message, JsonObject media) {
    String mediaId() {
      return media.getString("id");
    }
  }

  /** Once per class: a registered business with its webhook, and a user who wrote to it. */
  static synchronized void ready() throws Exception {
    if (business == null) {
      business = SandboxBusiness.register("1", "5550007000", JsonObject.EMPTY_JSON_OBJECT);
      sandbox = business.sandbox();
      admin = business.admin();
      Parley.userWhoWrote(sandbox, UMA, business.waId());
    }
  }

  @AfterAll
  static void close() {
    if (business != null) {
      business.close();
    }
  }

  // --- every type, fetched on the first GET (media.auto_download is empty by default)

  @Test
  @Order(1)
  void anImageArrivesWithItsIdHashAndCaptionAndDownloadsByteForByte() throws Exception {
    ready();
    Received image = userSends("image", "image/jpeg", content(300_000, 1), "Shelf", null);

    assertEquals("Shelf", image.media().getString("caption"));
    assertFalse(image.media().containsKey("filename"));
    assertDownloadsAsSent(image, "image/jpeg");
  }

  @Test
  @Order(2)
  void anAudioArrivesWithoutCaptionAndDownloadsByteForByte() throws Exception {
    ready();
    Received audio = userSends("audio", "audio/mpeg", content(100_000, 2), null, null);

    assertFalse(audio.media().containsKey("caption"));
    assertDownloadsAsSent(audio, "audio/mpeg");
  }

  @Test
  @Order(3)
  void aVideoArrivesWithItsCaptionAndDownloadsByteForByte() throws Exception {
    ready();
    Received video = userSends("video", "video/mp4", content(1_500_000, 3), "Unboxing", null);

    assertEquals("Unboxing", video.media().getString("caption"));
    assertDownloadsAsSent(video, "video/mp4");
  }

  @Test
  @Order(4)
  void aDocumentArrivesWithItsFileNameAndCaptionAndDownloadsByteForByte() throws Exception {
    ready();
    Received document =
        userSends("document", "application/pdf", content(2_000_000, 4), "Invoice", "inv-17.pdf");

    assertEquals("Invoice", document.media().getString("caption"));
    assertEquals("inv-17.pdf", document.media().getString("filename"));
    assertDownloadsAsSent(document, "application/pdf");
  }

  @Test
  @Order(5)
  void aStickerArrivesAndDownloadsByteForByte() throws Exception {
    ready();
    Received sticker = userSends("sticker", "image/webp", content(60_000, 5), null, null);

    assertFalse(sticker.media().containsKey("caption"));
    assertDownloadsAsSent(sticker, "image/webp");
  }

  @Test
  @Order(6)
  void aVoiceMessageArrivesAndDownloadsByteForByte() throws Exception {
    ready();
    Received voice = userSends("voice", "audio/ogg", content(40_000, 6), null, null);

    assertFalse(voice.media().containsKey("caption"));
    assertDownloadsAsSent(voice, "audio/ogg");
  }

  // --- when the file is fetched

  @Test
  @Order(10)
  void givenImagesAutoDownloaded_anImageIsFetchedBeforeItsWebhookAndServedFromTheStore()
      throws Exception {
    ready();
    autoDownload("image", "document");

    Received image = userSends("image", "image/png", content(500_000, 10), null, null);

    assertEquals(1, downloads(image), "the blob was fetched before the webhook arrived");
    sandbox.call(204, "DELETE", "/control/blobs/" + image.blobId(), null);
    ApiClient.Response download = admin.get("/v1/media/" + image.mediaId());
    assertEquals(200, download.status(), download.text());
    assertArrayEquals(image.content(), download.body());
  }

  @Test
  @Order(11)
  void givenOnlyImagesAndDocumentsAutoDownloaded_aVideoIsNotFetchedUntilItsFirstGet()
      throws Exception {
    ready();
    autoDownload("image", "document");

    Received video = userSends("video", "video/3gpp", content(200_000, 11), null, null);

    Thread.sleep(1_000);
    assertEquals(0, downloads(video), "nothing fetched the blob without a GET");
    assertDownloadsAsSent(video, "video/3gpp");
  }

  @Test
  @Order(12)
  void aBlobTheNetworkNoLongerHasIs404With1006OnTheFirstGet() throws Exception {
    ready();
    Received audio = userSends("audio", "audio/aac", content(10_000, 12), null, null);

    sandbox.call(204, "DELETE", "/control/blobs/" + audio.blobId(), null);

    ApiClient.Response download = admin.get("/v1/media/" + audio.mediaId());
    assertEquals(404, download.status(), download.text());
    assertEquals(1006, download.errorCode(), download.text());
  }

  @Test
  @Order(13)
  void twoFirstGetsAtOnceBothAnswerTheBytesAndOneFileIsKept() throws Exception {
    ready();
    Received document =
        userSends("document", "application/pdf", content(3_000_000, 13), null, "big.pdf");
    String path = "/v1/media/" + document.mediaId();

    CompletableFuture<ApiClient.Response> first =
        CompletableFuture.supplyAsync(() -> admin.get(path));
    CompletableFuture<ApiClient.Response> second =
        CompletableFuture.supplyAsync(() -> admin.get(path));

    for (ApiClient.Response response : List.of(first.get(), second.get())) {
      assertEquals(200, response.status(), response.text());
      assertArrayEquals(document.content(), response.body());
    }
    int fetched = downloads(document);
    assertArrayEquals(document.content(), admin.get(path).body());
    assertEquals(fetched, downloads(document), "the third GET is served from the store");
  }

  // --- delete

  @Test
  @Order(20)
  void receivedMediaThatWasDownloadedCanBeDeleted() throws Exception {
    ready();
    Received sticker = userSends("sticker", "image/webp", content(20_000, 20), null, null);
    assertEquals(200, admin.get("/v1/media/" + sticker.mediaId()).status());

    assertDeleted(sticker);
  }

  @Test
  @Order(21)
  void receivedMediaNeverDownloadedCanBeDeletedAndIsNotFetchedAfterwards() throws Exception {
    ready();
    Received voice = userSends("voice", "audio/ogg", content(20_000, 21), null, null);

    assertDeleted(voice);
    assertEquals(0, downloads(voice));
  }

  // --- helpers

  /**
   * Makes {@link #UMA} send {@code content} as a {@code type} message and waits for its webhook,
   * checking what every media object carries: a media id (a UUID), the MIME type and the SHA-256 of
   * the content.
   */
  private static Received userSends(
      String type, String mimeType, byte[] content, String caption, String filename)
      throws Exception {
    JsonObjectBuilder media =
        Json.createObjectBuilder()
            .add("data", Base64.getEncoder().encodeToString(content))
            .add("mime_type", mimeType);
    if (caption != null) {
      media.add("caption", caption);
    }
    if (filename != null) {
      media.add("filename", filename);
    }
    JsonObject sent =
        sandbox.object(
            201,
            "POST",
            "/control/users/" + UMA + "/messages",
            Json.createObjectBuilder()
                .add("to", business.waId())
                .add("type", type)
                .add(type, media)
                .build()
                .toString());
    String messageId = sent.getString("id");
    JsonObject message =
        business
            .webhook()
            .awaitMessage(candidate -> messageId.equals(candidate.getString("id", null)), WAIT)
            .message();
    assertEquals(type, message.getString("type"), message.toString());
    assertEquals(UMA, message.getString("from"));
    JsonObject object = message.getJsonObject(type);
    String mediaId = object.getString("id");
    assertEquals(mediaId, UUID.fromString(mediaId).toString(), "a lowercase UUID");
    assertEquals(mimeType, object.getString("mime_type"));
    assertEquals(Digests.sha256(content), object.getString("sha256"));
    return new Received(
        content, sent.getJsonObject("content").getString("blob_id"), message, object);
  }

  /**
   * Checks that the media was not fetched before (its type is not auto-downloaded), that the first
   * GET answers the sent bytes with their type, fetching the blob once, and that a second GET is
   * answered from the media store without fetching it again.
   */
  private static void assertDownloadsAsSent(Received received, String mimeType) {
    assertEquals(0, downloads(received), "not fetched before the first GET");

    ApiClient.Response first = admin.get("/v1/media/" + received.mediaId());
    assertEquals(200, first.status(), first.text());
    assertArrayEquals(received.content(), first.body());
    assertEquals(mimeType, first.header("Content-Type"));
    assertEquals(1, downloads(received));

    ApiClient.Response second = admin.get("/v1/media/" + received.mediaId());
    assertArrayEquals(received.content(), second.body());
    assertEquals(1, downloads(received), "served from the media store");
  }

  private static void assertDeleted(Received received) {
    String path = "/v1/media/" + received.mediaId();

    ApiClient.Response deleted = admin.delete(path);

    assertEquals(200, deleted.status(), deleted.text());
    assertEquals(404, admin.get(path).status());
    assertEquals(404, admin.delete(path).status());
  }

  /** How often the network served {@code received}'s blob. */
  private static int downloads(Received received) {
    return sandbox
        .object(200, "GET", "/control/blobs/" + received.blobId(), null)
        .getInt("downloads");
  }

  private static void autoDownload(String... types) {
    Parley.setMediaList(admin, "auto_download", types);
  }

  private static byte[] content(int size, long seed) {
    byte[] content = new byte[size];
    new Random(seed).nextBytes(content);
    return content;
  }
}
