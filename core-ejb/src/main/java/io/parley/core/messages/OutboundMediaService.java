package io.parley.core.messages;

import io.parley.core.JndiNames;
import io.parley.core.config.ParleyConfig;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.io.TemporaryFiles;
import io.parley.core.media.LinkFetchException;
import io.parley.core.media.LinkFetcher;
import io.parley.core.media.LinkGuard;
import io.parley.core.media.MediaProviderConfig;
import io.parley.core.media.MediaProviderService;
import io.parley.core.network.BlobStore;
import io.parley.core.settings.SettingsService;
import io.parley.media.store.MediaConnection;
import io.parley.media.store.MediaConnectionFactory;
import io.parley.media.store.MediaStoreException;
import io.parley.persistence.media.Media;
import io.parley.persistence.media.MediaRepository;
import io.parley.persistence.messages.Message;
import io.parley.persistence.messages.MessageRepository;
import io.parley.protocol.media.MediaCipher;
import io.parley.protocol.media.MediaDescriptor;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.logging.Logger;

/**
 * Uploads the file of an outbound media message before the message is encrypted: reads it from the
 * media store, or fetches its link ({@link LinkFetcher}, guarded by {@link LinkGuard} and the
 * allow-list in the settings, with the credentials of the media provider it names), encrypts it as
 * it is read under a fresh media key ({@link MediaCipher}, streamed into a temporary file), uploads
 * the ciphertext to the network's blob store ({@link BlobStore}) and records the blob, key and
 * hashes on the message row ({@link MediaUpload}), which {@link MessageSealer} then puts into the
 * encrypted content. A message that already has its upload (a redelivery) is neither read, fetched
 * nor uploaded again.
 *
 * <p>Transaction semantics: the reading or fetching, encryption and upload run outside any
 * transaction (they are file and network I/O of any length, up to 100 MB); the upload is then
 * recorded in a short transaction of its own. A blob store that cannot be reached throws {@code
 * NetworkUnavailableException}: the delivery rolls back and the broker delivers the message again.
 * Media deleted since the message was accepted fails the message with 1006; a link that cannot be
 * fetched, for whatever reason, fails it at once (400, or 2008 for a MIME type the message type
 * does not take), with the reason in the failed status's details.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutboundMediaService {

  private static final Logger LOG = Logger.getLogger(OutboundMediaService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BUFFER = 64 * 1024;

  /** The message-level error code of a media download error (§5). */
  static final int MEDIA_DOWNLOAD_ERROR = 400;

  @Resource(lookup = JndiNames.MEDIA_STORE)
  MediaConnectionFactory store;

  @Inject MessageRepository messages;
  @Inject MediaRepository media;
  @EJB BlobStore blobs;
  @EJB StatusService statuses;
  @EJB MediaProviderService providers;
  @EJB SettingsService settings;
  @Inject ParleyConfig config;
  @Resource SessionContext context;

  /**
   * Uploads the file of media message {@code messageId} unless it is no longer queued or already
   * has its upload or ciphertext: its uploaded media, or what its link leads to. Fails the message
   * when its media is gone or its link cannot be fetched.
   */
  public void prepare(String messageId) {
    Optional<Pending> pending = self().pending(messageId);
    if (pending.isEmpty()) {
      return;
    }
    Optional<MediaUpload> upload =
        pending.get().link() != null
            ? fetched(messageId, pending.get())
            : stored(messageId, pending.get().content().getString("id"));
    if (upload.isPresent() && !self().record(messageId, upload.get())) {
      LOG.debugf(
          "Message %s changed while its media was uploaded; the upload is not used", messageId);
    }
  }

  /**
   * A queued media message that still needs its upload: its type and its media object ({@code id}
   * or {@code link}, with {@code provider}).
   */
  public record Pending(MessageType type, JsonObject content) {

    /** The link to fetch, or null for uploaded media. */
    String link() {
      return content.getString("link", null);
    }

    /** The name of the media provider the link names, or null. */
    String provider() {
      return content.get("provider") instanceof JsonObject provider
          ? provider.getString("name", null)
          : null;
    }
  }

  /**
   * Media message {@code messageId} if it is queued without an upload or ciphertext yet.
   *
   * <p>A locking read: the transaction that accepted the message commits on the broker and in the
   * database as two branches, and the broker's may already have delivered the message while the
   * database's is still committing. A plain read would not see the row yet (and the message would
   * be encrypted without its file); the lock waits for the commit.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Optional<Pending> pending(String messageId) {
    return messages
        .lock(messageId)
        .filter(
            message ->
                message.getStatus() == Message.Status.QUEUED
                    && message.mediaUpload().isEmpty()
                    && message.sealed().isEmpty())
        .map(ContentMapper::storedBody)
        .map(
            body ->
                new Pending(
                    MessageType.of(body.getString("type")).orElseThrow(),
                    body.getJsonObject("content")));
  }

  /** Records {@code upload} on queued message {@code messageId}; false if it no longer can be. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean record(String messageId, MediaUpload upload) {
    return messages
        .lock(messageId)
        .map(message -> message.recordMediaUpload(upload.toJson()))
        .orElse(false);
  }

  /** Fails queued message {@code messageId} with {@code code}, reporting it. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void fail(String messageId, int code, String details) {
    messages
        .lock(messageId)
        .filter(message -> message.getStatus() == Message.Status.QUEUED)
        .ifPresent(
            message ->
                statuses.outbound(
                    message, Message.Status.FAILED, code, System.currentTimeMillis(), details));
  }

  /** The uploaded media {@code mediaId}, encrypted and uploaded; empty if the message failed. */
  private Optional<MediaUpload> stored(String messageId, String mediaId) {
    Optional<Media> file = media.find(mediaId);
    if (file.isEmpty()) {
      return deleted(messageId, mediaId);
    }
    try {
      return encryptAndUpload(
          out -> {
            MediaDescriptor descriptor;
            try (MediaConnection files = store.getConnection();
                InputStream plaintext = files.open(mediaId)) {
              descriptor = MediaCipher.encrypt(plaintext, out, RANDOM);
            }
            if (descriptor.plaintextLength() != file.get().getSize()
                || !HexFormat.of()
                    .formatHex(descriptor.plaintextSha256())
                    .equals(file.get().getSha256())) {
              LOG.errorf(
                  "Media %s does not match its row (size or SHA-256); message %s fails",
                  mediaId, messageId);
              self().fail(messageId, ErrorCode.INTERNAL_ERROR.code(), null);
              return Optional.empty();
            }
            return Optional.of(new Plaintext(file.get().getMimeType(), descriptor));
          });
    } catch (MediaStoreException e) {
      if (e.kind() != MediaStoreException.Kind.NOT_FOUND) {
        throw e;
      }
      return deleted(messageId, mediaId);
    } catch (LinkFetchException e) {
      throw new IllegalStateException("uploaded media fetches no link", e);
    }
  }

  private Optional<MediaUpload> deleted(String messageId, String mediaId) {
    LOG.infof("Media %s of message %s was deleted before it was sent", mediaId, messageId);
    self().fail(messageId, ErrorCode.NOT_FOUND.code(), null);
    return Optional.empty();
  }

  /**
   * What the message's link leads to, fetched ({@link LinkFetcher}), encrypted as it arrives and
   * uploaded; empty if the message failed: 400 (media download error) when the link cannot be
   * fetched, 2008 when its MIME type is not one the message type takes, 1009 when its media
   * provider is gone. Nothing is tried again: the reason is in the failed status's details.
   */
  private Optional<MediaUpload> fetched(String messageId, Pending pending) {
    URI link = URI.create(pending.link());
    Optional<String> authorization = Optional.empty();
    if (pending.provider() != null) {
      Optional<MediaProviderConfig> provider = providers.find(pending.provider());
      if (provider.isEmpty()) {
        return linkFailed(
            messageId,
            link,
            ErrorCode.INVALID_PARAMETER.code(),
            "media provider '" + pending.provider() + "' is no longer configured");
      }
      authorization = Optional.of(provider.get().authorization());
    }
    MessageType type = pending.type();
    Optional<String> credentials = authorization;
    try {
      return encryptAndUpload(
          out ->
              Optional.of(
                  fetcher()
                      .fetch(
                          link,
                          credentials,
                          MediaLimits.maxBytes(type),
                          (mimeType, content) -> {
                            MediaLimits.checkMimeType(
                                type, "The content at " + LinkFetcher.origin(link), mimeType);
                            return new Plaintext(
                                mimeType, MediaCipher.encrypt(content, out, RANDOM));
                          })));
    } catch (LinkFetchException e) {
      return linkFailed(messageId, link, MEDIA_DOWNLOAD_ERROR, e.getMessage());
    } catch (ApiException e) {
      return linkFailed(messageId, link, e.errorCode().code(), e.details());
    }
  }

  private Optional<MediaUpload> linkFailed(String messageId, URI link, int code, String details) {
    LOG.infof(
        "The media link of message %s (%s) failed it with %d: %s",
        messageId, LinkFetcher.origin(link), code, details);
    self().fail(messageId, code, details);
    return Optional.empty();
  }

  /** A fetcher guarded by the current allow-list, with the configured time limits. */
  LinkFetcher fetcher() {
    return new LinkFetcher(
        new LinkGuard(settings.application().media().linkAllowlist()),
        new LinkFetcher.Limits(config.mediaLinkConnectTimeout(), config.mediaLinkTimeout()),
        InetAddress::getAllByName,
        (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** Plaintext encrypted into the temporary file: its MIME type and descriptor. */
  private record Plaintext(String mimeType, MediaDescriptor descriptor) {}

  /**
   * Writes a file's ciphertext (encrypting it with {@link MediaCipher}) to {@code out}; empty when
   * it failed the message instead.
   */
  @FunctionalInterface
  private interface Encryption {
    Optional<Plaintext> into(OutputStream out) throws IOException, LinkFetchException;
  }

  /**
   * Has {@code encryption} write the ciphertext into a temporary file and uploads that to the blob
   * store; the temporary file is deleted whatever happens. Empty when the encryption failed the
   * message.
   */
  private Optional<MediaUpload> encryptAndUpload(Encryption encryption) throws LinkFetchException {
    Path encrypted = null;
    try {
      encrypted = TemporaryFiles.create("parley-media-", ".enc");
      Optional<Plaintext> plaintext;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(encrypted), BUFFER)) {
        plaintext = encryption.into(out);
      }
      if (plaintext.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new MediaUpload(
              blobs.upload(encrypted), plaintext.get().mimeType(), plaintext.get().descriptor()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not encrypt media", e);
    } finally {
      TemporaryFiles.deleteQuietly(encrypted);
    }
  }

  /** This bean through its container proxy, so that its transaction attributes apply. */
  OutboundMediaService self() {
    return context.getBusinessObject(OutboundMediaService.class);
  }
}
