package io.parley.core.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.config.ParleyConfig;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.network.BlobDownloadException;
import io.parley.core.network.BlobStore;
import io.parley.core.network.NetworkUnavailableException;
import io.parley.core.settings.ApplicationSettings;
import io.parley.core.settings.ApplicationSettingsSchema;
import io.parley.core.settings.SettingsService;
import io.parley.core.webhooks.CallbackService;
import io.parley.persistence.media.Media;
import io.parley.protocol.media.MediaCipher;
import io.parley.protocol.media.MediaDescriptor;
import io.parley.protocol.wire.Content;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What {@link ReceivedMediaService} records, fetches, checks and stores for media users send, over
 * rows in a map, an in-memory media store and a blob store that serves what a test put in it; the
 * transactions and the real network are the server's ({@code InboundMediaIT}).
 */
class ReceivedMediaServiceTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonObject CALLBACK =
      Json.createObjectBuilder().add("messages", Json.createArrayBuilder()).build();

  private final MediaServiceTest.Rows rowStore = new MediaServiceTest.Rows();
  private final Map<String, Media> rows = rowStore.rows;
  private final InMemoryMediaStore store = new InMemoryMediaStore();
  private final Map<String, byte[]> blobs = new HashMap<>();
  private final List<Long> downloadLimits = new ArrayList<>();
  private final List<JsonObject> callbacks = new ArrayList<>();
  private final List<Boolean> storedWhenCalledBack = new ArrayList<>();
  private boolean networkDown;
  private long maxBytes = 1024 * 1024;
  private List<String> autoDownload = List.of();

  /** The service, calling itself directly instead of through the container. */
  private final ReceivedMediaService service =
      new ReceivedMediaService() {
        @Override
        ReceivedMediaService self() {
          return this;
        }
      };

  ReceivedMediaServiceTest() {
    service.store = store;
    service.media = rowStore;
    service.config =
        new ParleyConfig() {
          @Override
          public long mediaMaxUploadBytes() {
            return maxBytes;
          }
        };
    service.blobs =
        new BlobStore() {
          @Override
          public void download(String blobId, long limit, Path target) {
            downloadLimits.add(limit);
            if (networkDown) {
              throw new NetworkUnavailableException("down");
            }
            byte[] blob = blobs.get(blobId);
            if (blob == null) {
              throw new BlobDownloadException(BlobDownloadException.Kind.NOT_FOUND, "gone");
            }
            if (blob.length > limit) {
              throw new BlobDownloadException(BlobDownloadException.Kind.TOO_LARGE, "long");
            }
            try {
              Files.write(target, blob);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    service.callbacks =
        new CallbackService() {
          @Override
          public void enqueue(JsonObject payload) {
            callbacks.add(payload);
            storedWhenCalledBack.add(!store.files.isEmpty());
          }
        };
    service.settings =
        new SettingsService() {
          @Override
          public ApplicationSettings application() {
            return ApplicationSettingsSchema.resolve(
                Map.of("media.auto_download", Json.createArrayBuilder(autoDownload).build()));
          }
        };
  }

  // --- on receipt

  @Test
  void givenImagesAutoDownloaded_whenAnImageArrives_thenItsRowWaitsForTheDownload()
      throws Exception {
    autoDownload = List.of("image");

    ReceivedMediaService.Received received =
        service.received(sent(Content.MediaType.IMAGE, content(1000))).orElseThrow();

    assertTrue(received.autoDownload());
    assertEquals(Media.State.AUTO_DOWNLOAD, rows.get(received.id()).getState());
    assertFalse(rows.get(received.id()).isAnnounced());
  }

  @Test
  void givenImagesAutoDownloaded_whenAVoiceMessageArrives_thenItStaysOnTheNetwork()
      throws Exception {
    autoDownload = List.of("image");

    ReceivedMediaService.Received received =
        service.received(sent(Content.MediaType.VOICE, content(1000))).orElseThrow();

    assertFalse(received.autoDownload());
    Media row = rows.get(received.id());
    assertEquals(Media.State.ON_NETWORK, row.getState());
    assertEquals(Media.Origin.RECEIVED, row.getOrigin());
    assertEquals(1000, row.getSize());
    assertTrue(store.files.isEmpty());
    assertTrue(downloadLimits.isEmpty(), "nothing is downloaded on receipt");
  }

  @Test
  void aMimeTypeThatIsNoneIsStoredAsOctetStream() throws Exception {
    Content.Media sent = sent(Content.MediaType.DOCUMENT, content(10));
    Content.Media odd = copy(sent, sent.blobId(), "not a type", sent.encryptedLength());

    String id = service.received(odd).orElseThrow().id();

    assertEquals("application/octet-stream", rows.get(id).getMimeType());
  }

  @Test
  void mediaNamingAnUnusableBlobIdGetsNoRow() throws Exception {
    Content.Media sent = sent(Content.MediaType.IMAGE, content(10));

    assertTrue(
        service
            .received(copy(sent, "../../etc/passwd", "image/png", sent.encryptedLength()))
            .isEmpty());
    assertTrue(service.received(copy(sent, "", "image/png", sent.encryptedLength())).isEmpty());
    assertTrue(rows.isEmpty());
  }

  // --- auto-download

  @Test
  void givenAnAutoDownload_whenRun_thenTheDecryptedFileIsStoredBeforeTheWebhookIsQueued()
      throws Exception {
    byte[] content = content(200_000);
    String id = autoDownloaded(content);

    service.autoDownload(id, CALLBACK.toString(), 1);

    assertArrayEquals(content, store.files.get(id));
    assertEquals(Media.State.STORED, rows.get(id).getState());
    assertEquals(List.of(CALLBACK), callbacks);
    assertEquals(List.of(true), storedWhenCalledBack);
  }

  @Test
  void givenAnAutoDownloadDoneAlready_whenRedelivered_thenNothingIsFetchedOrQueuedAgain()
      throws Exception {
    String id = autoDownloaded(content(1000));
    service.autoDownload(id, CALLBACK.toString(), 1);

    service.autoDownload(id, CALLBACK.toString(), 2);

    assertEquals(1, downloadLimits.size());
    assertEquals(1, callbacks.size());
  }

  @Test
  void givenARowNotVisibleYet_whenAutoDownloaded_thenItThrowsSoThatTheBrokerDeliversItAgain()
      throws Exception {
    String id = autoDownloaded(content(1000));
    Media committing = rows.remove(id);

    assertThrows(
        IllegalStateException.class,
        () ->
            service.autoDownload(
                id, CALLBACK.toString(), ReceivedMediaService.AUTO_DOWNLOAD_ATTEMPTS));

    rows.put(id, committing);
    service.autoDownload(id, CALLBACK.toString(), 2);
    assertEquals(List.of(CALLBACK), callbacks);
  }

  @Test
  void givenATamperedBlob_whenAutoDownloaded_thenNothingIsStoredAndTheMessageIsReportedWithoutIt()
      throws Exception {
    String id = autoDownloaded(content(5000));
    tamper(rows.get(id));

    service.autoDownload(id, CALLBACK.toString(), 1);

    assertTrue(store.files.isEmpty());
    assertEquals(Media.State.ON_NETWORK, rows.get(id).getState());
    assertEquals(List.of(CALLBACK), callbacks);
  }

  @Test
  void givenTheNetworkDown_whenAutoDownloadedBeforeTheLastAttempt_thenItThrowsAndReportsNothing()
      throws Exception {
    String id = autoDownloaded(content(1000));
    networkDown = true;

    assertThrows(
        NetworkUnavailableException.class,
        () ->
            service.autoDownload(
                id, CALLBACK.toString(), ReceivedMediaService.AUTO_DOWNLOAD_ATTEMPTS - 1));

    assertEquals(Media.State.AUTO_DOWNLOAD, rows.get(id).getState());
    assertTrue(callbacks.isEmpty());
  }

  @Test
  void givenTheNetworkDown_whenTheLastAttemptFails_thenTheMessageIsReportedWithoutTheFile()
      throws Exception {
    String id = autoDownloaded(content(1000));
    networkDown = true;

    service.autoDownload(id, CALLBACK.toString(), ReceivedMediaService.AUTO_DOWNLOAD_ATTEMPTS);

    assertEquals(Media.State.ON_NETWORK, rows.get(id).getState());
    assertEquals(List.of(CALLBACK), callbacks);
    assertTrue(store.files.isEmpty());
  }

  // --- first download

  @Test
  void givenMediaOnTheNetwork_whenFetched_thenTheDecryptedBytesAreStoredWithoutAWebhook()
      throws Exception {
    byte[] content = content(70_000);
    String id = onNetwork(content);

    service.fetch(rows.get(id));

    assertArrayEquals(content, store.files.get(id));
    assertTrue(rows.get(id).isStored());
    assertTrue(callbacks.isEmpty());
  }

  @Test
  void theDownloadAsksForNoMoreBytesThanTheMessageSays() throws Exception {
    String id = onNetwork(content(1000));

    service.fetch(rows.get(id));

    assertEquals(List.of(MediaCipher.encryptedLength(1000)), downloadLimits);
  }

  @Test
  void givenABlobLongerThanItsMessageSays_whenFetched_then1014AndNothingIsStored()
      throws Exception {
    String id = onNetwork(content(1000));
    String blobId = rows.get(id).networkBlob().orElseThrow().blobId();
    blobs.put(blobId, Arrays.copyOf(blobs.get(blobId), blobs.get(blobId).length + 16));

    assertEquals(ErrorCode.INTERNAL_ERROR, refusal(id));
    assertTrue(store.files.isEmpty());
  }

  @Test
  void givenATamperedBlob_whenFetched_then1014AndNothingIsStored() throws Exception {
    String id = onNetwork(content(1000));
    tamper(rows.get(id));

    assertEquals(ErrorCode.INTERNAL_ERROR, refusal(id));
    assertTrue(store.files.isEmpty());
    assertFalse(rows.get(id).isStored());
  }

  @Test
  void givenMediaOverTheSizeLimit_whenFetched_then1014WithoutAskingTheNetwork() throws Exception {
    String id = onNetwork(content(2000));
    maxBytes = 1999;

    assertEquals(ErrorCode.INTERNAL_ERROR, refusal(id));
    assertTrue(downloadLimits.isEmpty());
  }

  @Test
  void givenSizesThatDoNotAgree_whenFetched_then1014WithoutAskingTheNetwork() throws Exception {
    Content.Media sent = sent(Content.MediaType.IMAGE, content(100));
    String id =
        service.received(copy(sent, sent.blobId(), sent.mimeType(), 1L << 40)).orElseThrow().id();

    assertEquals(ErrorCode.INTERNAL_ERROR, refusal(id));
    assertTrue(downloadLimits.isEmpty());
  }

  @Test
  void givenABlobTheNetworkNoLongerHas_whenFetched_then404With1006() throws Exception {
    String id = onNetwork(content(1000));
    blobs.clear();

    ApiException refusal = assertThrows(ApiException.class, () -> service.fetch(rows.get(id)));

    assertEquals(ErrorCode.NOT_FOUND, refusal.errorCode());
    assertEquals(404, refusal.httpStatus());
  }

  @Test
  void givenTheNetworkDown_whenFetched_then1011AndNothingIsStored() throws Exception {
    String id = onNetwork(content(1000));
    networkDown = true;

    assertEquals(ErrorCode.SERVICE_NOT_READY, refusal(id));
    assertTrue(store.files.isEmpty());
  }

  @Test
  void givenAnotherFetchStoredTheFileFirst_whenThisOneStores_thenTheFirstFileStays()
      throws Exception {
    byte[] content = content(1000);
    String id = onNetwork(content);
    Media seenBeforeTheOtherStored = rows.get(id);
    service.fetch(seenBeforeTheOtherStored);
    Path late = Files.createTempFile("late-", ".dec");

    try {
      Files.write(late, new byte[] {9, 9, 9});
      service.store(id, late, null);
    } finally {
      Files.delete(late);
    }

    assertArrayEquals(content, store.files.get(id));
  }

  @Test
  void givenTheRowDeletedMeanwhile_whenAFetchStores_thenNothingIsWritten() throws Exception {
    String id = onNetwork(content(1000));
    Media seen = rows.remove(id);

    service.fetch(seen);

    assertTrue(store.files.isEmpty());
  }

  // --- helpers

  private ErrorCode refusal(String id) {
    return assertThrows(ApiException.class, () -> service.fetch(rows.get(id))).errorCode();
  }

  private String onNetwork(byte[] content) throws IOException {
    return service.received(sent(Content.MediaType.DOCUMENT, content)).orElseThrow().id();
  }

  private String autoDownloaded(byte[] content) throws IOException {
    autoDownload = List.of("image");
    return service.received(sent(Content.MediaType.IMAGE, content)).orElseThrow().id();
  }

  /** What a user's device does: encrypts {@code content} and puts it on the network. */
  private Content.Media sent(Content.MediaType type, byte[] content) throws IOException {
    ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
    MediaDescriptor descriptor =
        MediaCipher.encrypt(new ByteArrayInputStream(content), encrypted, RANDOM);
    String blobId = "blob" + blobs.size();
    blobs.put(blobId, encrypted.toByteArray());
    return new Content.Media(
        type,
        blobId,
        "application/octet-stream",
        descriptor.mediaKey(),
        descriptor.plaintextSha256(),
        descriptor.encryptedSha256(),
        descriptor.plaintextLength(),
        descriptor.encryptedLength(),
        "",
        "");
  }

  /** {@code media} as a message would describe it with another blob, type or encrypted length. */
  private static Content.Media copy(
      Content.Media media, String blobId, String mimeType, long encryptedLength) {
    return new Content.Media(
        media.type(),
        blobId,
        mimeType,
        media.mediaKey(),
        media.plaintextSha256(),
        media.encryptedSha256(),
        media.plaintextLength(),
        encryptedLength,
        "",
        "");
  }

  /** Flips a bit of the blob on the network, as a network that changed it would. */
  private void tamper(Media row) {
    byte[] blob = blobs.get(row.networkBlob().orElseThrow().blobId());
    blob[blob.length / 2] ^= 1;
  }

  private static byte[] content(int size) {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return content;
  }
}
