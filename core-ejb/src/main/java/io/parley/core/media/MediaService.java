package io.parley.core.media;

import io.parley.core.JndiNames;
import io.parley.core.config.ParleyConfig;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.io.LimitedInputStream;
import io.parley.media.store.MediaConnection;
import io.parley.media.store.MediaConnectionFactory;
import io.parley.media.store.MediaStoreException;
import io.parley.persistence.media.Media;
import io.parley.persistence.media.MediaRepository;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code /v1/media}: media files on the media volume (the media store resource adapter at {@link
 * JndiNames#MEDIA_STORE}), each with its row in {@code media}. Content is streamed, never held in
 * memory: an upload goes from the request straight into the store's staging file, a download from
 * the media file straight to the response. Also the profile photo's storage and the garbage
 * collector's deletions ({@link MediaGarbageCollector}).
 *
 * <p>Transaction semantics: an upload writes the file and inserts the row in one JTA transaction
 * (the store's connection enlisted with the datasource), and a delete removes both in one; any
 * failure rolls both back, and the staged file is deleted. Each batch of the garbage collector is a
 * transaction of its own. Downloads read the committed file outside any transaction. Media received
 * in a message is fetched from the network on its first download ({@link ReceivedMediaService}),
 * and is not shown at all while its message waits for its auto-download.
 */
@Stateless
public class MediaService {

  private static final Logger LOG = Logger.getLogger(MediaService.class);

  /** The ids Parley gives media: lowercase UUIDs. Anything else names no media. */
  private static final Pattern ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /**
   * How stale {@code last_used_at} may be before a use writes it again: media sent in many messages
   * at once is written once a second, not once per message. Far below any retention that makes
   * sense, so it never decides what the garbage collector takes.
   */
  static final long USE_RESOLUTION_MILLIS = 1000;

  /** What a download answers with before the content. */
  public record StoredMedia(String id, String mimeType, long size) {}

  /** What one batch of the garbage collector deleted, and whether more may be due. */
  public record Collected(long files, long bytes, boolean more) {}

  @Resource(lookup = JndiNames.MEDIA_STORE)
  MediaConnectionFactory store;

  @Inject MediaRepository media;
  @Inject ParleyConfig config;
  @EJB ReceivedMediaService received;
  @Resource SessionContext context;

  /** Where new ids come from; a test makes them clash. */
  Supplier<UUID> ids = UUID::randomUUID;

  Clock clock = Clock.systemUTC();

  /**
   * Stores {@code body} as new media of type {@code contentType} and returns its id. 400/1008
   * without a content type or content, 400/1009 for a content type that is not one or content over
   * the upload limit ({@code parley.media.max-upload-bytes}), which is refused as soon as the limit
   * is passed.
   */
  public String upload(String contentType, InputStream body) {
    return store(Media.Origin.UPLOADED, contentType, body, config.mediaMaxUploadBytes());
  }

  /**
   * Stores {@code body} as new media of {@code origin} and type {@code contentType}, at most {@code
   * limit} bytes, and returns its id; refused as {@link #upload} is. A new id that names stored
   * media or a file already is 409/1004, and nothing is written.
   */
  public String store(Media.Origin origin, String contentType, InputStream body, long limit) {
    String mimeType = MediaTypes.of(contentType);
    String id = ids.get().toString();
    LimitedInputStream limited = new LimitedInputStream(body, limit);
    MessageDigest sha256 = sha256();
    long size;
    try (MediaConnection files = connect()) {
      if (media.find(id).isPresent() || files.exists(id)) {
        // Checked before the write: the store would replace the existing file at commit.
        throw new ApiException(ErrorCode.ALREADY_EXISTS, "Media " + id + " already exists");
      }
      size = files.write(id, new DigestInputStream(limited, sha256));
    } catch (MediaStoreException e) {
      throw refused(e, limited);
    }
    if (size == 0) {
      // The empty file staged above goes with the rollback this causes.
      throw new ApiException(ErrorCode.MISSING_PARAMETER, "The request has no media content");
    }
    media.add(
        Media.stored(
            origin, id, mimeType, size, HexFormat.of().formatHex(sha256.digest()), clock.millis()));
    return id;
  }

  /**
   * The stored type and size of media {@code id}, which is being used (downloaded, or sent in a
   * message): its {@code last_used_at} becomes now, so that the garbage collector keeps it.
   * 404/1006 when there is none.
   */
  public StoredMedia use(String id) {
    Media found = announced(media.find(requireMediaId(id)), id);
    long now = clock.millis();
    long stale = now - USE_RESOLUTION_MILLIS;
    // The update waits for a collector holding the row; if it took the row, the media is gone.
    if (found.getLastUsedAt() < stale && !media.markUsed(id, now, stale) && !media.exists(id)) {
      throw notFound(id);
    }
    return stored(found);
  }

  /**
   * As {@link #use}, for a download: received media not fetched yet is fetched from the network
   * first, outside any transaction (see {@link ReceivedMediaService#fetch} for its errors).
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public StoredMedia download(String id) {
    Media found = announced(media.find(requireMediaId(id)), id);
    if (!found.isStored()) {
      received.fetch(found);
    }
    return context.getBusinessObject(MediaService.class).use(id);
  }

  /** The newest media of {@code origin}, if any. */
  public Optional<StoredMedia> newest(Media.Origin origin) {
    return media.withOrigin(origin).stream().findFirst().map(MediaService::stored);
  }

  /**
   * Copies the content of media {@code id} to {@code out}, through a connection of its own and
   * outside any transaction, so that it can run after the request's transaction has ended (while
   * the response is written). A file replaced or deleted meanwhile is read whole as it was opened:
   * the store moves content into place atomically. 404/1006 when there is none.
   *
   * @throws IOException when writing to {@code out} fails (the client went away)
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void copy(String id, OutputStream out) throws IOException {
    requireMediaId(id);
    try (MediaConnection files = connect();
        InputStream content = files.open(id)) {
      content.transferTo(out);
    } catch (MediaStoreException e) {
      if (e.kind() == MediaStoreException.Kind.NOT_FOUND) {
        throw notFound(id);
      }
      throw e;
    }
  }

  /**
   * Deletes media {@code id}, its row and its file together; 404/1006 when there is none. The
   * profile photo is not deleted here (its settings endpoint does): 404/1006 too.
   */
  public void delete(String id) {
    Media found =
        announced(
            media
                .lock(requireMediaId(id))
                .filter(row -> row.getOrigin() != Media.Origin.PROFILE_PHOTO),
            id);
    try (MediaConnection files = connect()) {
      remove(files, found);
    }
  }

  /** Deletes every media of {@code origin}, rows and files together. */
  public void deleteAll(Media.Origin origin) {
    List<Media> rows = media.withOrigin(origin);
    if (rows.isEmpty()) {
      return;
    }
    try (MediaConnection files = connect()) {
      for (Media row : rows) {
        media.lock(row.getId()).ifPresent(locked -> remove(files, locked));
      }
    }
  }

  /**
   * Deletes up to {@code limit} media that the garbage collector may take at {@code cutoff} ({@link
   * Media#collectableBefore}), rows and files, in a transaction of its own. Each row is checked
   * again under its lock, so media used since it was chosen (or taken by another node) stays.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Collected collect(long cutoff, int limit) {
    List<String> candidates = media.collectableIds(cutoff, limit);
    long files = 0;
    long bytes = 0;
    if (!candidates.isEmpty()) {
      try (MediaConnection connection = connect()) {
        for (String id : candidates) {
          Optional<Media> row = media.lock(id).filter(found -> found.collectableBefore(cutoff));
          if (row.isPresent()) {
            remove(connection, row.get());
            files++;
            bytes += row.get().getSize();
          }
        }
      }
    }
    return new Collected(files, bytes, candidates.size() == limit);
  }

  /**
   * Removes locked row {@code found} and stages the deletion of its file (received media not
   * fetched yet has none).
   */
  private void remove(MediaConnection files, Media found) {
    if (found.isStored() && !files.delete(found.getId())) {
      LOG.warnf("Media %s had a row but no file; the row is removed", found.getId());
    }
    media.remove(found);
  }

  private static StoredMedia stored(Media found) {
    return new StoredMedia(found.getId(), found.getMimeType(), found.getSize());
  }

  private MediaConnection connect() {
    try {
      return store.getConnection();
    } catch (MediaStoreException e) {
      LOG.error("No media store connection", e);
      throw new ApiException(ErrorCode.SERVICE_NOT_READY, "The media store is not available");
    }
  }

  /** The answer to a write the store refused; the transaction rolls back with it. */
  private static RuntimeException refused(MediaStoreException failure, LimitedInputStream body) {
    if (body.exceeded()) {
      return body.tooLarge();
    }
    if (failure.kind() == MediaStoreException.Kind.TOO_LARGE) {
      return ApiException.invalid("Request content exceeds the media store's maximum file size");
    }
    if (body.sourceFailed()) {
      return new ApiException(ErrorCode.INVALID_REQUEST, "The request content could not be read");
    }
    if (failure.kind() == MediaStoreException.Kind.UNAVAILABLE) {
      LOG.error("Could not write to the media store", failure);
      return new ApiException(ErrorCode.ACCESS_DENIED, "The media directory is not writable");
    }
    return failure;
  }

  /** The row {@code found} if the API shows it; 404/1006 otherwise. */
  private static Media announced(Optional<Media> found, String id) {
    return found.filter(Media::isAnnounced).orElseThrow(() -> notFound(id));
  }

  /** {@code id} if it can name media; 404/1006 otherwise, without looking. */
  private static String requireMediaId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw notFound(id);
    }
    return id;
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("No media has the id " + id);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
