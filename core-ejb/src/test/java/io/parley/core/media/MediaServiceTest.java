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
import java.util.HashMap;
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
  }

  private final InMemoryMediaStore store = new InMemoryMediaStore();
  private final Rows rows = new Rows();
  private final MediaService service = new MediaService();

  MediaServiceTest() {
    service.store = store;
    service.media = rows;
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
  void findAnswersTheStoredTypeAndSize() {
    String id = service.upload("audio/ogg; codecs=opus", body(new byte[7]));

    assertEquals(new MediaService.StoredMedia(id, "audio/ogg; codecs=opus", 7), service.find(id));
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

    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.find(unknown)));
    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.delete(unknown)));
    assertEquals(
        ErrorCode.NOT_FOUND, refusal(() -> service.copy(unknown, new ByteArrayOutputStream())));
  }

  @Test
  void idsThatAreNotUuidsAre404WithoutLookingThemUp() {
    store.files.put("..", new byte[1]);

    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.find("..")));
    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.delete("..")));
    assertEquals(
        ErrorCode.NOT_FOUND, refusal(() -> service.copy("..", new ByteArrayOutputStream())));
  }

  @Test
  void receivedMediaWaitingForItsAutoDownloadIsNotShown() {
    String id = UUID.randomUUID().toString();
    rows.add(received(id, true));

    assertEquals(ErrorCode.NOT_FOUND, refusal(() -> service.find(id)));
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
