package io.parley.core.messages;

import io.parley.core.JndiNames;
import io.parley.core.errors.ErrorCode;
import io.parley.core.io.TemporaryFiles;
import io.parley.core.network.BlobStore;
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
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Uploads the file of an outbound media message before the message is encrypted: reads it from the
 * media store, encrypts it under a fresh media key ({@link MediaCipher}, streamed through a
 * temporary file), uploads the ciphertext to the network's blob store ({@link BlobStore}) and
 * records the blob, key and hashes on the message row ({@link MediaUpload}), which {@link
 * MessageSealer} then puts into the encrypted content. A message that already has its upload (a
 * redelivery) is not uploaded again.
 *
 * <p>Transaction semantics: the reading, encryption and upload run outside any transaction (they
 * are file and network I/O of any length, up to 100 MB); the upload is then recorded in a short
 * transaction of its own. A blob store that cannot be reached throws {@code
 * NetworkUnavailableException}: the delivery rolls back and the broker delivers the message again.
 * Media deleted since the message was accepted fails the message with 1006.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutboundMediaService {

  private static final Logger LOG = Logger.getLogger(OutboundMediaService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BUFFER = 64 * 1024;

  @Resource(lookup = JndiNames.MEDIA_STORE)
  MediaConnectionFactory store;

  @Inject MessageRepository messages;
  @Inject MediaRepository media;
  @EJB BlobStore blobs;
  @EJB StatusService statuses;
  @Resource SessionContext context;

  /**
   * Uploads the file of media message {@code messageId} unless it is no longer queued or already
   * has its upload or ciphertext; fails the message when its media is gone.
   */
  public void prepare(String messageId) {
    Optional<Pending> pending = self().pending(messageId);
    if (pending.isEmpty()) {
      return;
    }
    String mediaId = pending.get().mediaId();
    if (mediaId == null) {
      // MessageService refuses media by link, so a stored one is from elsewhere: it cannot be sent.
      LOG.warnf("Media message %s names no uploaded media id; it fails", messageId);
      self().fail(messageId, ErrorCode.INVALID_PARAMETER.code());
      return;
    }
    Optional<Media> file = media.find(mediaId);
    if (file.isEmpty()) {
      LOG.infof("Media %s of message %s was deleted before it was sent", mediaId, messageId);
      self().fail(messageId, ErrorCode.NOT_FOUND.code());
      return;
    }
    Optional<MediaUpload> upload = upload(messageId, file.get());
    if (upload.isPresent() && !self().record(messageId, upload.get())) {
      LOG.debugf(
          "Message %s changed while its media was uploaded; the upload is not used", messageId);
    }
  }

  /** A queued media message that still needs its upload: the uploaded media it names, if any. */
  public record Pending(String mediaId) {}

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
        .map(
            message ->
                new Pending(
                    ContentMapper.storedBody(message)
                        .getJsonObject("content")
                        .getString("id", null)));
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
  public void fail(String messageId, int code) {
    messages
        .lock(messageId)
        .filter(message -> message.getStatus() == Message.Status.QUEUED)
        .ifPresent(
            message ->
                statuses.outbound(
                    message, Message.Status.FAILED, code, System.currentTimeMillis()));
  }

  /**
   * Encrypts {@code file} into a temporary file and uploads that; empty (and the message failed) if
   * the file is gone or is not what its row says.
   */
  private Optional<MediaUpload> upload(String messageId, Media file) {
    Path encrypted = null;
    try {
      encrypted = TemporaryFiles.create("parley-media-", ".enc");
      MediaDescriptor descriptor;
      try (MediaConnection files = store.getConnection();
          InputStream plaintext = files.open(file.getId());
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(encrypted), BUFFER)) {
        descriptor = MediaCipher.encrypt(plaintext, out, RANDOM);
      }
      if (descriptor.plaintextLength() != file.getSize()
          || !HexFormat.of().formatHex(descriptor.plaintextSha256()).equals(file.getSha256())) {
        LOG.errorf(
            "Media %s does not match its row (size or SHA-256); message %s fails",
            file.getId(), messageId);
        self().fail(messageId, ErrorCode.INTERNAL_ERROR.code());
        return Optional.empty();
      }
      return Optional.of(new MediaUpload(blobs.upload(encrypted), file.getMimeType(), descriptor));
    } catch (MediaStoreException e) {
      if (e.kind() != MediaStoreException.Kind.NOT_FOUND) {
        throw e;
      }
      LOG.infof("Media %s of message %s was deleted before it was sent", file.getId(), messageId);
      self().fail(messageId, ErrorCode.NOT_FOUND.code());
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not encrypt media " + file.getId(), e);
    } finally {
      TemporaryFiles.deleteQuietly(encrypted);
    }
  }

  /** This bean through its container proxy, so that its transaction attributes apply. */
  OutboundMediaService self() {
    return context.getBusinessObject(OutboundMediaService.class);
  }
}
