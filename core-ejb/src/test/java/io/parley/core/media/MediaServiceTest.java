package io.parley.core.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.config.ParleyConfig;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.persistence.media.Media;
import io.parley.persistence.media.MediaRepository;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What {@link MediaService} answers and records, over an in-memory store and repository; that the
 * file and the row commit and roll back together is shown by {@code MediaIT} in the server.
 */
class MediaServiceTest {

  /** The rows, in a map. */
  static final class Rows extends MediaRepository {
    final Map<String, Media> rows = new HashMap<>();
    int usesWritten;

    @Override
    public void add(Media media) {
      rows.put(media.getId(), media);
    }

    @Override
    public Optional<Media> find(String id) {
      return Optional.ofNullable(rows.get(id));
    }

    @Override
    public Optional<Media> lock(String id) {
      return find(id);
    }

    @Override
    public void remove(Media media) {
      rows.remove(media.getId());
    }

    @Override
    public boolean exists(String id) {
      return rows.containsKey(id);
    }

    @Override
    public boolean markUsed(String id, long now, long before) {
      Media row = rows.get(id);
      if (row == null || row.getLastUsedAt() >= before) {
        return false;
      }
      usesWritten++;
      rows.put(id, at(row, now));
      return true;
    }

    /** Every row, whatever its last use: a choice made before the rows changed. */
    @Override
    public List<String> collectableIds(long cutoff, int limit) {
      return rows.keySet().stream().sorted().limit(limit).toList();
    }

    @Override
    public List<Media> withOrigin(Media.Origin origin) {
      return rows.values().stream().filter(row -> row.getOrigin() == origin).toList();
    }

    /** {@code row} as last used at {@code millis}. */
    static Media at(Media row, long millis) {
      return Media.stored(
          row.getOrigin(), row.getId(), row.getMimeType(), row.getSize(), row.getSha256(), millis);
    }
  }

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    long millis = 1_700_000_000_000L;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final InMemoryMediaStore store = new InMemoryMediaStore();
  private final Rows rows = new Rows();
  private final MediaService service = new MediaService();
  private final TestClock clock = new TestClock();

  MediaServiceTest() {
    service.store = store;
    service.media = rows;
    service.clock = clock;
    service.config =
        new ParleyConfig() {
          @Override
          public long mediaMaxUploadBytes() {
            return 1024;
          }
        };
  }

  private static InputStream body(byte[] content) {
    return new ByteArrayInputStream(content);
  }

  private static ErrorCode refusal(Executable call) {
    return assertThrows(ApiException.class, call).errorCode();
  }

  @Test
  void anUploadStoresTheContentAndARowWithItsTypeSizeAndDigest() {
    byte[] content = "abc".getBytes(StandardCharsets.US_ASCII);

    String id = service.upload("text/plain", body(content));

    assertArrayEquals(content, store.files.get(id));
    Media row = rows.rows.get(id);
    assertEquals("text/plain", row.getMimeType());
    assertEquals(3, row.getSize());
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", row.getSha256());
    assertEquals(Media.Origin.UPLOADED, row.getOrigin());
  }

  @Test
  void uploadsAreNamedByNewLowercaseUuids() {
    String id = service.upload("image/png", body(new byte[] {1}));

    assertEquals(id, UUID.fromString(id).toString());
  }

  @Test
  void contentOfExactlyTheLimitIsAccepted() {
    String id = service.upload("application/pdf", body(new byte[1024]));

    assertEquals(1024, rows.rows.get(id).getSize());
  }

  @Test
  void contentOverTheLimitIs1009NamingTheLimitAndAddsNoRow() {
    ApiException refusal =
        assertThrows(
            ApiException.class, () -> service.upload("application/pdf", body(new byte[1025])));

    assertEquals(ErrorCode.INVALID_PARAMETER, refusal.errorCode());
    assertEquals("Request content exceeds size of 1 KB", refusal.details());
    assertTrue(rows.rows.isEmpty());
  }

  @Test
  void contentOverTheStoresMaximumIs1009() {
    store.maxFileSize = 10;

    assertEquals(
        ErrorCode.INVALID_PARAMETER,
        refusal(() -> service.upload("text/plain", body(new byte[11]))));
    assertTrue(rows.rows.isEmpty());
  }

  @Test
  void anEmptyBodyIs1008AndAddsNoRow() {
    assertEquals(
        ErrorCode.MISSING_PARAMETER,
        refusal(() -> service.upload("text/plain", body(new byte[0]))));
    assertEquals(ErrorCode.MISSING_PARAMETER, refusal(() -> service.upload("text/plain", null)));
    assertTrue(rows.rows.isEmpty());
  }

  @Test
  void aMissingContentTypeIs1008AndStoresNothing() {
    assertEquals(
        ErrorCode.MISSING_PARAMETER, refusal(() -> service.upload(null, body(new byte[1]))));
    assertTrue(store.files.isEmpty());
  }

  @Test
  void aBodyThatCannotBeReadIs1025() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };

    assertEquals(ErrorCode.INVALID_REQUEST, refusal(() -> service.upload("text/plain", broken)));
    assertTrue(rows.rows.isEmpty());
  }

  @Test
  void aStoreThatCannotWriteIs403With1005() {
    store.unwritable = true;

    ApiException refusal =
        assertThrows(ApiException.class, () -> service.upload("text/plain", body(new byte[1])));

    assertEquals(ErrorCode.ACCESS_DENIED, refusal.errorCode());
    assertEquals(403, refusal.httpStatus());
  }

  @Test
  void useAnswersTheStoredTypeAndSize() {
    String id = service.upload("audio/ogg; codecs=opus", body(new byte[7]));

    assertEquals(new MediaService.StoredMedia(id, "audio/ogg; codecs=opus", 7), service.use(id));
  }

  @Test
  void copyWritesTheStoredContent() throws IOException {
    byte[] content = "hello".getBytes(StandardCharsets.US_ASCII);
    String id = service.upload("text/plain", body(content));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    service.copy(id, out);

    assertArrayEquals(content, out.toByteArray());
  }

  @Test
  void deleteRemovesTheFileAndTheRow() {
    String id = service.upload("text/plain", body(new byte[1]));

    service.delete(id);

    assertTrue(store.files.isEmpty());
    assertTrue(rows.rows.isEmpty());
  }

  @Test
  void unknownIdsAre404() {
    String unknown = UUID.randomUUID().toString();

    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.use(unknown)));
    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.delete(unknown)));
    assertEquals(
        ErrorCode.NOT_FOUND, refusal(() -> service.copy(unknown, new ByteArrayOutputStream())));
  }

  @Test
  void idsThatAreNotUuidsAre404WithoutLookingThemUp() {
    store.files.put("..", new byte[1]);

    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.use("..")));
    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.delete("..")));
    assertEquals(
        ErrorCode.NOT_FOUND, refusal(() -> service.copy("..", new ByteArrayOutputStream())));
  }

  @Test
  void aNewIdThatNamesStoredMediaIs409With1004AndLeavesTheStoredMediaAsItWas() {
    byte[] first = "first".getBytes(StandardCharsets.US_ASCII);
    String id = service.upload("text/plain", body(first));
    service.ids = () -> UUID.fromString(id);

    ApiException clash =
        assertThrows(ApiException.class, () -> service.upload("image/png", body(new byte[] {9})));

    assertEquals(ErrorCode.ALREADY_EXISTS, clash.errorCode());
    assertEquals(409, clash.httpStatus());
    assertEquals(List.of(id), List.copyOf(store.files.keySet()));
    assertArrayEquals(first, store.files.get(id));
    assertEquals("text/plain", rows.rows.get(id).getMimeType());
  }

  @Test
  void aNewIdThatNamesAFileWithoutARowIs409With1004AndWritesNothing() {
    String id = UUID.randomUUID().toString();
    store.files.put(id, new byte[] {1, 2});
    service.ids = () -> UUID.fromString(id);

    assertEquals(
        ErrorCode.ALREADY_EXISTS,
        refusal(() -> service.upload("text/plain", body(new byte[] {7}))));

    assertArrayEquals(new byte[] {1, 2}, store.files.get(id));
    assertTrue(rows.rows.isEmpty());
  }

  @Test
  void aUseMakesTheMediaLastUsedNow() {
    String id = service.upload("text/plain", body(new byte[1]));
    clock.millis += 60_000;

    service.use(id);

    assertEquals(clock.millis, rows.rows.get(id).getLastUsedAt());
  }

  @Test
  void usesWithinASecondOfTheLastWriteItOnce() {
    String id = service.upload("text/plain", body(new byte[1]));
    clock.millis += MediaService.USE_RESOLUTION_MILLIS + 1;

    service.use(id);
    clock.millis += 10;
    service.use(id);

    assertEquals(1, rows.usesWritten);
  }

  @Test
  void aCollectionDeletesTheFilesAndRowsOfMediaUnusedBeforeTheCutoff() {
    String old = service.upload("text/plain", body(new byte[3]));
    String older = service.upload("text/plain", body(new byte[5]));
    clock.millis += 10_000;

    MediaService.Collected collected = service.collect(clock.millis, 10);

    assertEquals(new MediaService.Collected(2, 8, false), collected);
    assertTrue(store.files.isEmpty(), store.files.keySet().toString());
    assertTrue(rows.rows.isEmpty());
    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.use(old)));
    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.use(older)));
  }

  @Test
  void aCollectionKeepsMediaUsedSinceTheCutoffEvenIfChosen() {
    String unused = service.upload("text/plain", body(new byte[1]));
    String used = service.upload("text/plain", body(new byte[1]));
    long cutoff = clock.millis + 5_000;
    clock.millis = cutoff;
    service.use(used);

    MediaService.Collected collected = service.collect(cutoff, 10);

    assertEquals(1, collected.files());
    assertEquals(List.of(used), List.copyOf(store.files.keySet()));
    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.use(unused)));
  }

  @Test
  void aCollectionNeverDeletesTheProfilePhoto() {
    String photo = service.store(Media.Origin.PROFILE_PHOTO, "image/jpeg", body(new byte[4]), 1024);
    clock.millis += 365L * 24 * 3600 * 1000;

    assertEquals(0, service.collect(clock.millis, 10).files());

    assertTrue(store.files.containsKey(photo));
    assertTrue(rows.rows.containsKey(photo));
  }

  @Test
  void aFullBatchSaysThatMoreMayBeDue() {
    service.upload("text/plain", body(new byte[1]));
    service.upload("text/plain", body(new byte[1]));
    clock.millis += 1;

    assertTrue(service.collect(clock.millis, 2).more());
  }

  @Test
  void theProfilePhotoIsNotDeletedThroughTheMediaApi() {
    String photo = service.store(Media.Origin.PROFILE_PHOTO, "image/png", body(new byte[4]), 1024);

    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.delete(photo)));
    assertTrue(store.files.containsKey(photo));
  }

  @Test
  void receivedMediaWaitingForItsAutoDownloadIsNotShown() {
    String id = UUID.randomUUID().toString();
    rows.add(received(id, true));

    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.use(id)));
    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.download(id)));
    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.delete(id)));
    assertTrue(rows.rows.containsKey(id));
  }

  @Test
  void receivedMediaNotFetchedYetIsDeletedWithoutAFile() {
    String id = UUID.randomUUID().toString();
    rows.add(received(id, false));
    store.files.put("unrelated", new byte[1]);

    service.delete(id);

    assertTrue(rows.rows.isEmpty());
    assertEquals(1, store.files.size());
  }

  private static Media received(String id, boolean autoDownload) {
    return Media.received(
        id,
        "image/png",
        10,
        "0".repeat(64),
        new Media.NetworkBlob("blob", "1".repeat(64), "2".repeat(64), 48),
        autoDownload,
        0);
  }
}
