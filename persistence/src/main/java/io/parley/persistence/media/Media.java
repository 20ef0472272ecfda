package io.parley.persistence.media;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One media file on the media volume: its MIME type, size and SHA-256 as stored, and where it came
 * from. The row and the file are written and deleted in one JTA transaction; the id is the file's
 * name in the media store.
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

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "last_used_at", nullable = false)
  private long lastUsedAt;

  protected Media() {}

  private Media(String id, String mimeType, long size, String sha256, Origin origin, long now) {
    this.id = id;
    this.mimeType = mimeType;
    this.size = size;
    this.sha256 = sha256;
    this.origin = origin;
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
    return new Media(id, mimeType, size, sha256, origin, now);
  }

  /**
   * Whether the garbage collector may delete this media at {@code cutoff}: it was last used before
   * then, and it is not the profile photo, which stays until it is replaced or deleted.
   */
  public boolean collectableBefore(long cutoff) {
    return origin != Origin.PROFILE_PHOTO && lastUsedAt < cutoff;
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

  public long getCreatedAt() {
    return createdAt;
  }

  public long getLastUsedAt() {
    return lastUsedAt;
  }
}
