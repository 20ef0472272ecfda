package io.parley.core.media;

import io.parley.core.JndiNames;
import io.parley.core.config.ParleyConfig;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.io.TemporaryFiles;
import io.parley.core.json.Jsons;
import io.parley.core.network.BlobDownloadException;
import io.parley.core.network.BlobStore;
import io.parley.core.network.NetworkUnavailableException;
import io.parley.core.settings.SettingsService;
import io.parley.core.webhooks.CallbackService;
import io.parley.media.store.MediaConnection;
import io.parley.media.store.MediaConnectionFactory;
import io.parley.persistence.media.Media;
import io.parley.persistence.media.MediaRepository;
import io.parley.protocol.media.MediaCipher;
import io.parley.protocol.media.MediaDescriptor;
import io.parley.protocol.media.MediaIntegrityException;
import io.parley.protocol.wire.Content;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Media users send in messages. Each gets a media row when its message arrives, naming where its
 * encrypted copy is on the network; its content is fetched into the media store either at once,
 * before the message's webhook goes out (the types {@code media.auto_download} lists), or on the
 * first {@code GET /v1/media/{id}}. Both go the same way: the blob is downloaded into a temporary
 * file (no more bytes than the message says it has), its length, SHA-256 and MAC are checked, it is
 * decrypted into another temporary file, and the plaintext's length and SHA-256 are checked (all by
 * {@link MediaCipher}); only then is it written to the media store. Nothing that fails a check is
 * ever stored.
 *
 * <p>Transaction semantics: the row is added in the transaction of the message. The download,
 * checks and decryption run outside any transaction; the content is then written into the store and
 * the row marked stored in one short JTA transaction of their own (the store's connection enlisted
 * with the datasource), under the row's lock, so two fetches of one id store one file: the second
 * finds it stored and drops its copy. For an auto-download the message's webhook is queued in that
 * same transaction.
 */
@Stateless
public class ReceivedMediaService {

  private static final Logger LOG = Logger.getLogger(ReceivedMediaService.class);

  /**
   * Deliveries of an auto-download that may fail for want of the network before its message is
   * reported without the file (a later GET fetches it). With the inbound queue's back-off (1, 2, 4,
   * 8 s) that is about 15 s; it must stay below the queue's {@code max-delivery-attempts} (10).
   */
  static final int AUTO_DOWNLOAD_ATTEMPTS = 5;

  /** A received file's new media id, and whether it is fetched before its message is reported. */
  public record Received(String id, boolean autoDownload) {}

  @Resource(lookup = JndiNames.MEDIA_STORE)
  MediaConnectionFactory store;

  @Inject MediaRepository media;
  @Inject ParleyConfig config;
  @EJB BlobStore blobs;
  @EJB CallbackService callbacks;
  @EJB SettingsService settings;
  @Resource SessionContext context;

  /**
   * In the caller's transaction: a new media row for {@code content}, auto-downloaded when {@code
   * media.auto_download} lists its type. Empty when the content names no blob Parley could fetch.
   */
  public Optional<Received> received(Content.Media content) {
    if (!BlobStore.BLOB_ID.matcher(content.blobId()).matches()) {
      LOG.warn("Received media names an unusable blob id; it cannot be fetched");
      return Optional.empty();
    }
    String type = content.type().name().toLowerCase(Locale.ROOT);
    boolean autoDownload = settings.application().media().autoDownload().contains(type);
    HexFormat hex = HexFormat.of();
    String id = UUID.randomUUID().toString();
    media.add(
        Media.received(
            id,
            MediaTypes.received(content.mimeType()),
            content.plaintextLength(),
            hex.formatHex(content.plaintextSha256()),
            new Media.NetworkBlob(
                content.blobId(),
                hex.formatHex(content.mediaKey()),
                hex.formatHex(content.encryptedSha256()),
                content.encryptedLength()),
            autoDownload,
            System.currentTimeMillis()));
    return Optional.of(new Received(id, autoDownload));
  }

  /**
   * Delivery {@code attempt} (from 1) of the auto-download of media {@code id}, whose message is
   * reported with {@code callback} (a webhook payload, JSON) once the file is stored. A file that
   * cannot be had (the blob is gone, too large or fails a check) is reported at once without it; a
   * network that cannot be reached throws {@link NetworkUnavailableException}, so the delivery
   * rolls back and the broker tries again, up to {@link #AUTO_DOWNLOAD_ATTEMPTS}; then the message
   * is reported without the file. Either way the row stays on the network, and the first GET tries
   * again. Does nothing when the message was reported already (a redelivery).
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void autoDownload(String id, String callback, int attempt) {
    // The row is there: it was committed before this step was queued.
    Media row =
        self()
            .committed(id)
            .orElseThrow(() -> new IllegalStateException("media " + id + " is not visible yet"));
    if (row.getState() != Media.State.AUTO_DOWNLOAD) {
      return;
    }
    JsonObject payload = parse(callback);
    try {
      fetchAndStore(row, payload);
    } catch (Unobtainable e) {
      LOG.warnf("Received media %s is reported without its file: %s", id, e.getMessage());
      self().announce(id, payload);
    } catch (RuntimeException e) {
      if (attempt < AUTO_DOWNLOAD_ATTEMPTS) {
        throw e;
      }
      LOG.warnf(
          e,
          "Received media %s could not be fetched in %d attempts; it is reported without its file",
          id,
          attempt);
      self().announce(id, payload);
    }
  }

  /**
   * Fetches received media {@code media} into the media store unless it is there already: for the
   * first download of a file that was not auto-downloaded. 404/1006 when the network no longer has
   * the blob; 500/1014 when it fails a check or is over the size limit; 500/1011 when the network
   * cannot be reached (try again).
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void fetch(Media media) {
    if (media.isStored()) {
      return;
    }
    try {
      fetchAndStore(media, null);
    } catch (Unobtainable e) {
      LOG.warnf("Received media %s could not be fetched: %s", media.getId(), e.getMessage());
      throw new ApiException(e.code, e.getMessage());
    } catch (NetworkUnavailableException e) {
      LOG.warnf("Received media %s could not be fetched: %s", media.getId(), e.getMessage());
      throw new ApiException(
          ErrorCode.SERVICE_NOT_READY, "The network's media store cannot be reached; try again");
    }
  }

  /** Whether received media {@code id} waits for its auto-download (not fetched nor reported). */
  public boolean awaitsDownload(String id) {
    return media.find(id).filter(row -> row.getState() == Media.State.AUTO_DOWNLOAD).isPresent();
  }

  /**
   * The row of media {@code id}, read with a lock that is released at once (a fetch of the same
   * file by a GET may be storing it).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Optional<Media> committed(String id) {
    return media.lock(id);
  }

  /**
   * Writes the verified plaintext {@code plaintext} as the content of media {@code id} and marks
   * its row stored, queueing {@code callback} when the row waited for its auto-download; nothing
   * when the row is gone (deleted) or already stored (another fetch was first).
   *
   * <p>The file is written under the row's lock but outside this transaction ({@link #write}), so
   * that the transaction holds the database alone and commits in one phase: a node killed in the
   * middle leaves no row locked in a prepared branch. Should the transaction not commit, the file
   * is in the store while its row still waits, and the next fetch writes it again.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void store(String id, Path plaintext, JsonObject callback) {
    Optional<Media> row = media.lock(id).filter(found -> !found.isStored());
    if (row.isEmpty()) {
      return;
    }
    self().write(id, plaintext);
    boolean awaited = row.get().getState() == Media.State.AUTO_DOWNLOAD;
    row.get().stored();
    if (awaited && callback != null) {
      callbacks.enqueue(callback);
    }
  }

  /** Writes {@code plaintext} as media {@code id}'s file, applied at once, replacing any. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void write(String id, Path plaintext) {
    try (MediaConnection files = store.getConnection();
        InputStream content = Files.newInputStream(plaintext)) {
      files.write(id, content);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the fetched media " + id, e);
    }
  }

  /** Reports media {@code id}'s message with {@code callback} without its file, if it waits. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void announce(String id, JsonObject callback) {
    media
        .lock(id)
        .filter(row -> row.getState() == Media.State.AUTO_DOWNLOAD)
        .ifPresent(
            row -> {
              row.announced();
              callbacks.enqueue(callback);
            });
  }

  /** Downloads, checks and decrypts {@code row}'s file, then stores it (see {@link #store}). */
  private void fetchAndStore(Media row, JsonObject callback) throws Unobtainable {
    Path plaintext = null;
    try {
      plaintext = download(row);
      self().store(row.getId(), plaintext, callback);
    } catch (IOException e) {
      throw new UncheckedIOException("could not fetch media " + row.getId(), e);
    } finally {
      TemporaryFiles.deleteQuietly(plaintext);
    }
  }

  /**
   * The verified plaintext of {@code row}'s file, in a temporary file the caller deletes. The
   * encrypted file is refused before it is asked for when its lengths do not agree or the plaintext
   * is over {@code parley.media.max-upload-bytes}, and its download stops past the length the
   * message gave.
   */
  private Path download(Media row) throws IOException, Unobtainable {
    Media.NetworkBlob blob =
        row.networkBlob()
            .orElseThrow(() -> new IllegalStateException("media " + row.getId() + " is no blob"));
    if (row.getSize() > config.mediaMaxUploadBytes()) {
      throw new Unobtainable(
          ErrorCode.INTERNAL_ERROR,
          "The media has "
              + row.getSize()
              + " bytes, over this server's limit of "
              + config.mediaMaxUploadBytes());
    }
    if (blob.encryptedSize() != MediaCipher.encryptedLength(row.getSize())) {
      throw new Unobtainable(
          ErrorCode.INTERNAL_ERROR, "The media's sizes in its message do not agree");
    }
    HexFormat hex = HexFormat.of();
    MediaDescriptor descriptor =
        new MediaDescriptor(
            hex.parseHex(blob.mediaKey()),
            hex.parseHex(row.getSha256()),
            hex.parseHex(blob.encryptedSha256()),
            row.getSize(),
            blob.encryptedSize());
    Path encrypted = TemporaryFiles.create("parley-media-", ".enc");
    Path plaintext = null;
    try {
      blobs.download(blob.blobId(), blob.encryptedSize(), encrypted);
      plaintext = TemporaryFiles.create("parley-media-", ".dec");
      MediaCipher.decrypt(encrypted, plaintext, descriptor);
      Path verified = plaintext;
      plaintext = null;
      return verified;
    } catch (BlobDownloadException e) {
      if (e.kind() == BlobDownloadException.Kind.NOT_FOUND) {
        throw new Unobtainable(ErrorCode.NOT_FOUND, "The network no longer has the media");
      }
      throw new Unobtainable(
          ErrorCode.INTERNAL_ERROR, "The media on the network is longer than its message says");
    } catch (MediaIntegrityException e) {
      throw new Unobtainable(
          ErrorCode.INTERNAL_ERROR, "The media failed its integrity check: " + e.getMessage());
    } finally {
      TemporaryFiles.deleteQuietly(encrypted);
      TemporaryFiles.deleteQuietly(plaintext);
    }
  }

  private static JsonObject parse(String json) {
    try (JsonReader reader = Jsons.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  /** This bean through its container proxy, so that its transaction attributes apply. */
  ReceivedMediaService self() {
    return context.getBusinessObject(ReceivedMediaService.class);
  }

  /** A received file that cannot be had however often it is tried, with the code to answer. */
  private static final class Unobtainable extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;

    Unobtainable(ErrorCode code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
