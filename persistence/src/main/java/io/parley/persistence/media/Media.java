package io.parley.persistence.media;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One media file: its MIME type, size and SHA-256, where it came from, and whether its content is
 * on the media volume yet. The row and the file are written and deleted in one JTA transaction; the
 * id is the file's name in the media store. A file received in a message also records where its
 * encrypted copy is on the network ({@link NetworkBlob}), from which it is fetched.
 */
@Entity
@Table(name = "media")
public class Media {

  /** Where the content came from. */
  public enum Origin {
    /** Uploaded by the business through {@code POST /v1/media}. */
    UPLOADED,
    /** Received from a user in a message. */
    RECEIVED,
    /** The business's profile photo ({@code /v1/settings/profile/photo}); never collected. */
    PROFILE_PHOTO
  }

  /** Where the content is. */
  public enum State {
    /** In the media store. */
    STORED,
    /** Only on the network's blob store: received, fetched on the first download. */
    ON_NETWORK,
    /**
     * Being fetched from the network before the webhook of its message goes out ({@code
     * media.auto_download}); not shown through the API until then.
     */
    AUTO_DOWNLOAD
  }

  /**
   * The encrypted copy of a received file on the network: the blob's id, the media key, and the
   * SHA-256 (lowercase hex) and size of the encrypted file.
   */
  public record NetworkBlob(
      String blobId, String mediaKey, String encryptedSha256, long encryptedSize) {}

  /** The longest blob id stored. */
  public static final int MAX_BLOB_ID_LENGTH = 255;

  /** The longest MIME type stored (with its parameters). */
  public static final int MAX_MIME_TYPE_LENGTH = 255;

  // Fixed-length columns (CHAR): mapped as such so that schema validation matches on MySQL and H2.
  @Id
  @JdbcTypeCode(SqlTypes.CHAR)
  @Column(length = 36)
  private String id;

  @Column(name = "mime_type", nullable = false, length = MAX_MIME_TYPE_LENGTH)
  private String mimeType;

  @Column(name = "size_bytes", nullable = false)
  private long size;

  @JdbcTypeCode(SqlTypes.CHAR)
  @Column(nullable = false, length = 64)
  private String sha256;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Origin origin;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private State state;

  @Column(name = "blob_id", length = MAX_BLOB_ID_LENGTH)
  private String blobId;

  @JdbcTypeCode(SqlTypes.CHAR)
  @Column(name = "media_key", length = 64)
  private String mediaKey;

  @JdbcTypeCode(SqlTypes.CHAR)
  @Column(name = "encrypted_sha256", length = 64)
  private String encryptedSha256;

  @Column(name = "encrypted_size")
  private Long encryptedSize;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "last_used_at", nullable = false)
  private long lastUsedAt;

  protected Media() {}

  private Media(
      String id, String mimeType, long size, String sha256, Origin origin, State state, long now) {
    this.id = id;
    this.mimeType = mimeType;
    this.size = size;
    this.sha256 = sha256;
    this.origin = origin;
    this.state = state;
    this.createdAt = now;
    this.lastUsedAt = now;
  }

  /**
   * Content the business uploaded: {@code size} bytes of {@code mimeType} with the hex SHA-256
   * {@code sha256}, stored under {@code id}.
   */
  public static Media uploaded(String id, String mimeType, long size, String sha256, long now) {
    return stored(Origin.UPLOADED, id, mimeType, size, sha256, now);
  }

  /** Content of {@code origin}, as {@link #uploaded} describes it. */
  public static Media stored(
      Origin origin, String id, String mimeType, long size, String sha256, long now) {
    return new Media(id, mimeType, size, sha256, origin, State.STORED, now);
  }

  /**
   * Whether the garbage collector may delete this media at {@code cutoff}: it was last used before
   * then, it is not the profile photo, which stays until it is replaced or deleted, and it is not
   * being fetched for a message whose webhook waits for it.
   */
  public boolean collectableBefore(long cutoff) {
    return origin != Origin.PROFILE_PHOTO && state != State.AUTO_DOWNLOAD && lastUsedAt < cutoff;
  }

  /**
   * A file a user sent: {@code size} bytes of {@code mimeType} with the hex SHA-256 {@code sha256},
   * whose encrypted copy is {@code blob} on the network; {@link State#AUTO_DOWNLOAD} when it is to
   * be fetched before its message is reported, else {@link State#ON_NETWORK}.
   */
  public static Media received(
      String id,
      String mimeType,
      long size,
      String sha256,
      NetworkBlob blob,
      boolean autoDownload,
      long now) {
    Media media =
        new Media(
            id,
            mimeType,
            size,
            sha256,
            Origin.RECEIVED,
            autoDownload ? State.AUTO_DOWNLOAD : State.ON_NETWORK,
            now);
    media.blobId = blob.blobId();
    media.mediaKey = blob.mediaKey();
    media.encryptedSha256 = blob.encryptedSha256();
    media.encryptedSize = blob.encryptedSize();
    return media;
  }

  /** The content is now in the media store. */
  public void stored() {
    state = State.STORED;
  }

  /**
   * Its message is being reported without the content fetched: from now on the first download
   * fetches it. No change unless it was {@link State#AUTO_DOWNLOAD}.
   */
  public void announced() {
    if (state == State.AUTO_DOWNLOAD) {
      state = State.ON_NETWORK;
    }
  }

  public String getId() {
    return id;
  }

  public String getMimeType() {
    return mimeType;
  }

  /** The content's size in bytes. */
  public long getSize() {
    return size;
  }

  /** The content's SHA-256, in lowercase hex. */
  public String getSha256() {
    return sha256;
  }

  public Origin getOrigin() {
    return origin;
  }

  public State getState() {
    return state;
  }

  /** Whether the content is in the media store. */
  public boolean isStored() {
    return state == State.STORED;
  }

  /** Whether the API shows this media: all but those whose message is not reported yet. */
  public boolean isAnnounced() {
    return state != State.AUTO_DOWNLOAD;
  }

  /** Where a received file's encrypted copy is on the network; empty for uploads. */
  public Optional<NetworkBlob> networkBlob() {
    if (blobId == null) {
      return Optional.empty();
    }
    return Optional.of(new NetworkBlob(blobId, mediaKey, encryptedSha256, encryptedSize));
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public long getLastUsedAt() {
    return lastUsedAt;
  }
}
