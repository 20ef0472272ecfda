package io.parley.core.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.media.InMemoryMediaStore;
import io.parley.core.network.BlobStore;
import io.parley.core.network.NetworkUnavailableException;
import io.parley.persistence.media.Media;
import io.parley.persistence.media.MediaRepository;
import io.parley.persistence.messages.Message;
import io.parley.persistence.messages.MessageRepository;
import io.parley.protocol.media.MediaCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link OutboundMediaService} uploads and records, over an in-memory media store, rows in
 * maps and a blob store that keeps what it is given; the transactions are the server's (MediaIT and
 * MediaMessagesIT).
 */
class OutboundMediaServiceTest {

  private static final String MEDIA_ID = "6f1c1c1e-8a4b-4c1e-9a3e-0b6a3c2d1e0f";
  private static final String MESSAGE_ID = "wamid.media";

  private final Map<String, Message> messageRows = new HashMap<>();

  /**
   * Rows whose accepting transaction is still committing in the database: only a lock sees them.
   */
  private final Map<String, Message> committingRows = new HashMap<>();

  private final Map<String, Media> mediaRows = new HashMap<>();
  private final InMemoryMediaStore store = new InMemoryMediaStore();
  private final Map<String, byte[]> blobs = new HashMap<>();
  private final List<Integer> failures = new ArrayList<>();
  private boolean blobStoreDown;

  /** The service, calling itself directly instead of through the container. */
  private final OutboundMediaService service =
      new OutboundMediaService() {
        @Override
        OutboundMediaService self() {
          return this;
        }
      };

  @TempDir Path temp;

  OutboundMediaServiceTest() {
    service.store = store;
    service.messages =
        new MessageRepository() {
          @Override
          public Optional<Message> find(String id) {
            return Optional.ofNullable(messageRows.get(id));
          }

          @Override
          public Optional<Message> lock(String id) {
            return find(id).or(() -> Optional.ofNullable(committingRows.get(id)));
          }
        };
    service.media =
        new MediaRepository() {
          @Override
          public Optional<Media> find(String id) {
            return Optional.ofNullable(mediaRows.get(id));
          }
        };
    service.blobs =
        new BlobStore() {
          @Override
          public String upload(Path file) {
            if (blobStoreDown) {
              throw new NetworkUnavailableException("down");
            }
            try {
              String id = "blob-" + blobs.size();
              blobs.put(id, Files.readAllBytes(file));
              return id;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    service.statuses =
        new StatusService() {
          @Override
          public void outbound(Message message, Message.Status status, int code, long at) {
            message.advance(status, code, at);
            failures.add(code);
          }
        };
  }

  private byte[] uploaded(String mimeType, int size) throws Exception {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    store.files.put(MEDIA_ID, content);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    mediaRows.put(MEDIA_ID, Media.uploaded(MEDIA_ID, mimeType, size, sha256, 0));
    return content;
  }

  private Message queued(String type, String content) {
    Message message =
        Message.outbound(
            MESSAGE_ID,
            "447700900001",
            type,
            "{\"type\":\"" + type + "\",\"content\":" + content + "}",
            0);
    messageRows.put(MESSAGE_ID, message);
    return message;
  }

  @Test
  void givenAQueuedImage_whenPrepared_thenItsEncryptedFileIsUploadedAndRecorded() throws Exception {
    byte[] content = uploaded("image/png", 200_000);
    Message message = queued("image", "{\"id\":\"" + MEDIA_ID + "\",\"caption\":\"c\"}");

    service.prepare(MESSAGE_ID);

    MediaUpload upload = MediaUpload.parse(message.mediaUpload().orElseThrow());
    assertEquals("image/png", upload.mimeType());
    byte[] blob = blobs.get(upload.blobId());
    assertEquals(upload.descriptor().encryptedLength(), blob.length);
    Path encrypted = Files.write(temp.resolve("blob"), blob);
    Path decrypted = temp.resolve("plain");
    MediaCipher.decrypt(encrypted, decrypted, upload.descriptor());
    assertArrayEquals(content, Files.readAllBytes(decrypted));
    assertTrue(failures.isEmpty());
  }

  @Test
  void givenARowStillCommitting_whenPrepared_thenTheLockWaitsForItAndTheFileIsUploaded()
      throws Exception {
    uploaded("application/pdf", 2000);
    Message message = queued("document", "{\"id\":\"" + MEDIA_ID + "\",\"filename\":\"a.pdf\"}");
    committingRows.put(MESSAGE_ID, messageRows.remove(MESSAGE_ID));

    service.prepare(MESSAGE_ID);

    assertTrue(message.mediaUpload().isPresent());
    assertEquals(1, blobs.size());
    assertTrue(failures.isEmpty());
  }

  @Test
  void givenAMessageWhoseFileWasUploaded_whenPreparedAgain_thenNothingIsUploadedAgain()
      throws Exception {
    uploaded("audio/ogg", 1000);
    Message message = queued("audio", "{\"id\":\"" + MEDIA_ID + "\"}");
    service.prepare(MESSAGE_ID);
    String first = message.mediaUpload().orElseThrow();

    service.prepare(MESSAGE_ID);

    assertEquals(1, blobs.size());
    assertEquals(first, message.mediaUpload().orElseThrow());
  }

  @Test
  void givenMediaDeletedSinceTheMessageWasAccepted_whenPrepared_thenTheMessageFailsWith1006() {
    Message message = queued("video", "{\"id\":\"" + MEDIA_ID + "\"}");

    service.prepare(MESSAGE_ID);

    assertEquals(Message.Status.FAILED, message.getStatus());
    assertEquals(List.of(1006), failures);
    assertTrue(blobs.isEmpty());
  }

  @Test
  void givenARowWhoseFileIsGone_whenPrepared_thenTheMessageFailsWith1006() throws Exception {
    uploaded("video/mp4", 1000);
    store.files.clear();
    Message message = queued("video", "{\"id\":\"" + MEDIA_ID + "\"}");

    service.prepare(MESSAGE_ID);

    assertEquals(Message.Status.FAILED, message.getStatus());
    assertEquals(List.of(1006), failures);
  }

  @Test
  void givenTheBlobStoreDown_whenPrepared_thenItThrowsAndNothingIsRecorded() throws Exception {
    uploaded("application/pdf", 1000);
    Message message = queued("document", "{\"id\":\"" + MEDIA_ID + "\",\"filename\":\"a.pdf\"}");
    blobStoreDown = true;

    assertThrows(NetworkUnavailableException.class, () -> service.prepare(MESSAGE_ID));

    assertTrue(message.mediaUpload().isEmpty());
    assertEquals(Message.Status.QUEUED, message.getStatus());
    assertTrue(failures.isEmpty());
  }

  @Test
  void givenAMessageAlreadySent_whenPrepared_thenNothingIsUploaded() throws Exception {
    uploaded("image/webp", 1000);
    Message message = queued("sticker", "{\"id\":\"" + MEDIA_ID + "\"}");
    message.advance(Message.Status.SENT, 0, 1);

    service.prepare(MESSAGE_ID);

    assertTrue(blobs.isEmpty());
  }
}
