package io.parley.core.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.parley.core.media.InMemoryMediaStore;
import io.parley.core.media.LinkFetcher;
import io.parley.core.media.LinkGuard;
import io.parley.core.media.MediaProviderConfig;
import io.parley.core.media.MediaProviderService;
import io.parley.core.network.BlobStore;
import io.parley.core.network.NetworkUnavailableException;
import io.parley.persistence.media.Media;
import io.parley.persistence.media.MediaRepository;
import io.parley.persistence.messages.Message;
import io.parley.persistence.messages.MessageRepository;
import io.parley.protocol.media.MediaCipher;
import jakarta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
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

  private final List<String> failureDetails = new ArrayList<>();
  private final Map<String, MediaProviderConfig> providers = new HashMap<>();
  private List<String> allowlist = List.of("127.0.0.1");

  /** The server of media links: loopback, which the guard admits only when allow-listed. */
  private HttpServer links;

  private final AtomicInteger linkRequests = new AtomicInteger();
  private final List<String> linkAuthorizations = new ArrayList<>();

  /** The service, calling itself directly instead of through the container. */
  private final OutboundMediaService service =
      new OutboundMediaService() {
        @Override
        OutboundMediaService self() {
          return this;
        }

        @Override
        LinkFetcher fetcher() {
          return new LinkFetcher(
              new LinkGuard(allowlist),
              new LinkFetcher.Limits(Duration.ofSeconds(1), Duration.ofSeconds(5)),
              InetAddress::getAllByName,
              (SSLSocketFactory) SSLSocketFactory.getDefault());
        }
      };

  @AfterEach
  void stopLinks() {
    if (links != null) {
      links.stop(0);
    }
  }

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
          public void outbound(
              Message message, Message.Status status, int code, long at, String details) {
            message.advance(status, code, at);
            failures.add(code);
            failureDetails.add(details);
          }
        };
    service.providers =
        new MediaProviderService() {
          @Override
          public Optional<MediaProviderConfig> find(String name) {
            return Optional.ofNullable(providers.get(name));
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

    assertFailedWith(message, 1006);
  }

  @Test
  void givenARowWhoseFileIsGone_whenPrepared_thenTheMessageFailsWith1006() throws Exception {
    uploaded("video/mp4", 1000);
    store.files.clear();
    Message message = queued("video", "{\"id\":\"" + MEDIA_ID + "\"}");

    service.prepare(MESSAGE_ID);

    assertFailedWith(message, 1006);
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

  // --- media by link

  /** Serves {@code content} as {@code contentType} at {@code path}; its link. */
  private String serving(String path, String contentType, byte[] content) throws IOException {
    if (links == null) {
      links = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
      links.start();
    }
    links.createContext(
        path,
        exchange -> {
          linkRequests.incrementAndGet();
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          if (authorization != null) {
            linkAuthorizations.add(authorization);
          }
          try (exchange) {
            if (content == null) {
              exchange.sendResponseHeaders(401, -1);
              return;
            }
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
          }
        });
    return "http://127.0.0.1:" + links.getAddress().getPort() + path;
  }

  private static byte[] randomBytes(int size) {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return content;
  }

  @Test
  void givenAnImageByLink_whenPrepared_thenWhatTheLinkServesIsUploadedAndRecorded()
      throws Exception {
    byte[] content = randomBytes(120_000);
    String link = serving("/shelf.png", "image/png", content);
    Message message = queued("image", "{\"link\":\"" + link + "\",\"caption\":\"c\"}");

    service.prepare(MESSAGE_ID);

    MediaUpload upload = MediaUpload.parse(message.mediaUpload().orElseThrow());
    assertEquals("image/png", upload.mimeType());
    Path encrypted = Files.write(temp.resolve("blob"), blobs.get(upload.blobId()));
    Path decrypted = temp.resolve("plain");
    MediaCipher.decrypt(encrypted, decrypted, upload.descriptor());
    assertArrayEquals(content, Files.readAllBytes(decrypted));
    assertTrue(failures.isEmpty());
  }

  @Test
  void givenAMessageWhoseLinkWasFetched_whenPreparedAgain_thenTheLinkIsNotFetchedAgain()
      throws Exception {
    String link = serving("/a.pdf", "application/pdf", randomBytes(1000));
    queued("document", "{\"link\":\"" + link + "\"}");
    service.prepare(MESSAGE_ID);

    service.prepare(MESSAGE_ID);

    assertEquals(1, linkRequests.get());
    assertEquals(1, blobs.size());
  }

  @Test
  void givenALinkNamingAProvider_whenPrepared_thenTheProvidersCredentialsAreSent()
      throws Exception {
    providers.put(
        "cdn",
        MediaProviderConfig.stored(
            "cdn", "www", Json.createObjectBuilder().add("bearer", "t0k3n").build()));
    String link = serving("/a.pdf", "application/pdf", randomBytes(1000));
    Message message =
        queued("document", "{\"link\":\"" + link + "\",\"provider\":{\"name\":\"cdn\"}}");

    service.prepare(MESSAGE_ID);

    assertEquals(List.of("Bearer t0k3n"), linkAuthorizations);
    assertTrue(message.mediaUpload().isPresent());
  }

  @Test
  void givenAProviderDeletedSinceTheMessageWasAccepted_whenPrepared_thenItFailsWith1009()
      throws Exception {
    String link = serving("/a.pdf", "application/pdf", randomBytes(1000));
    Message message =
        queued("document", "{\"link\":\"" + link + "\",\"provider\":{\"name\":\"gone\"}}");

    service.prepare(MESSAGE_ID);

    assertFailedWith(message, 1009);
    assertEquals(0, linkRequests.get());
  }

  @Test
  void givenALinkAnswering401_whenPrepared_thenTheMessageFailsWith400SayingWhy() throws Exception {
    String link = serving("/locked.pdf", null, null);
    Message message = queued("document", "{\"link\":\"" + link + "\"}");

    service.prepare(MESSAGE_ID);

    assertFailedWith(message, 400);
    assertTrue(failureDetails.get(0).endsWith("answered HTTP 401"), failureDetails.get(0));
    assertTrue(blobs.isEmpty());
  }

  @Test
  void givenALinkServingATypeTheMessageTypeDoesNotTake_whenPrepared_thenItFailsWith2008()
      throws Exception {
    String link = serving("/a.gif", "image/gif", randomBytes(1000));
    Message message = queued("image", "{\"link\":\"" + link + "\"}");

    service.prepare(MESSAGE_ID);

    assertFailedWith(message, 2008);
  }

  @Test
  void givenALinkOverTheTypesLimit_whenPrepared_thenItFailsWith400() throws Exception {
    String link = serving("/big.webp", "image/webp", randomBytes(500 * 1024 + 1));
    Message message = queued("sticker", "{\"link\":\"" + link + "\"}");

    service.prepare(MESSAGE_ID);

    assertFailedWith(message, 400);
    assertTrue(failureDetails.get(0).contains("larger than"), failureDetails.get(0));
  }

  @Test
  void givenALoopbackLinkNotAllowListed_whenPrepared_thenTheGuardFailsItWithoutFetching()
      throws Exception {
    allowlist = List.of();
    String link = serving("/a.png", "image/png", randomBytes(1000));
    Message message = queued("image", "{\"link\":\"" + link + "\"}");

    service.prepare(MESSAGE_ID);

    assertFailedWith(message, 400);
    assertTrue(failureDetails.get(0).contains("loopback"), failureDetails.get(0));
    assertEquals(0, linkRequests.get());
  }

  /** The message failed with {@code code} alone, and nothing was uploaded. */
  private void assertFailedWith(Message message, int code) {
    assertEquals(Message.Status.FAILED, message.getStatus());
    assertEquals(List.of(code), failures);
    assertTrue(blobs.isEmpty());
  }
}
