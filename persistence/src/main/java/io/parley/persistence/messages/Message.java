package io.parley.persistence.messages;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.util.Optional;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A message sent or received: its id, the peer (recipient of an outbound message, sender of an
 * inbound one), its on-prem type, its body as JSON (the request's type object for an outbound
 * message, the webhook message object for an inbound one) and where it stands.
 *
 * <p>Updated column by column ({@link DynamicUpdate}): a message moves on three or four times (its
 * ciphertext, then each status), and each update would otherwise carry its body and ciphertext, a
 * few kilobytes the database parses and compares for nothing.
 */
@Entity
@Table(name = "message")
@DynamicUpdate
public class Message {

  /** Which way the message went. */
  public enum Direction {
    OUTBOUND,
    INBOUND
  }

  /**
   * Where a message stands. Outbound: queued, sent, delivered, read or failed; statuses only move
   * forward. Inbound: received, then read once the business marked it.
   */
  public enum Status {
    QUEUED(0),
    SENT(1),
    DELIVERED(2),
    READ(3),
    FAILED(4),
    RECEIVED(0);

    private final int rank;

    Status(int rank) {
      this.rank = rank;
    }
  }

  /** The longest media upload record stored. */
  public static final int MAX_MEDIA_UPLOAD_LENGTH = 1024;

  @Id
  @Column(length = 64)
  private String id;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 8)
  private Direction direction;

  @Column(nullable = false, length = 24)
  private String peer;

  @Column(name = "message_type", nullable = false, length = 16)
  private String type;

  @Lob
  @Column(nullable = false, columnDefinition = "MEDIUMTEXT")
  private String body;

  /**
   * An outbound message's content as encrypted for its recipient, kept from the encryption until
   * the network answered, so that a send repeated after a crash repeats the same ciphertext.
   */
  @Lob
  @Column(columnDefinition = "MEDIUMBLOB")
  private byte[] sealed;

  /**
   * An outbound media message's file as uploaded, encrypted, to the network's blob store (JSON: the
   * blob id, media key, hashes and lengths), kept from the upload until the network answered, so
   * that a redelivered message is not uploaded again.
   */
  @Column(name = "media_upload", length = MAX_MEDIA_UPLOAD_LENGTH)
  private String mediaUpload;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Status status;

  @Column(name = "error_code", nullable = false)
  private int errorCode;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  protected Message() {}

  private Message(
      String id,
      Direction direction,
      String peer,
      String type,
      String body,
      Status status,
      long now) {
    this.id = id;
    this.direction = direction;
    this.peer = peer;
    this.type = type;
    this.body = body;
    this.status = status;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public static Message outbound(String id, String to, String type, String body, long now) {
    return new Message(id, Direction.OUTBOUND, to, type, body, Status.QUEUED, now);
  }

  public static Message inbound(String id, String from, String type, String body, long now) {
    return new Message(id, Direction.INBOUND, from, type, body, Status.RECEIVED, now);
  }

  /**
   * Moves an outbound message to {@code next}; false when it is already there or further on (a late
   * or repeated receipt), so each status is reported once.
   */
  public boolean advance(Status next, int code, long now) {
    if (direction != Direction.OUTBOUND || status == Status.FAILED) {
      return false;
    }
    if (next != Status.FAILED && next.rank <= status.rank) {
      return false;
    }
    this.status = next;
    this.errorCode = code;
    this.updatedAt = now;
    this.sealed = null;
    this.mediaUpload = null;
    return true;
  }

  /** The ciphertext this queued message was encrypted to, if it was. */
  public Optional<byte[]> sealed() {
    return Optional.ofNullable(sealed).map(byte[]::clone);
  }

  /** Records the ciphertext this queued message was encrypted to. */
  public void seal(byte[] ciphertext) {
    if (status != Status.QUEUED) {
      throw new IllegalStateException("only a queued message is sealed: " + id + " is " + status);
    }
    this.sealed = ciphertext.clone();
  }

  /** Where this queued media message's file was uploaded to, if it was. */
  public Optional<String> mediaUpload() {
    return Optional.ofNullable(mediaUpload);
  }

  /**
   * Records where this queued media message's file was uploaded to; false (and nothing changes) if
   * the message is no longer queued or already has an upload or a ciphertext, which then stand.
   */
  public boolean recordMediaUpload(String upload) {
    if (upload.length() > MAX_MEDIA_UPLOAD_LENGTH) {
      throw new IllegalArgumentException("a media upload record is at most 1024 characters");
    }
    if (direction != Direction.OUTBOUND
        || status != Status.QUEUED
        || mediaUpload != null
        || sealed != null) {
      return false;
    }
    this.mediaUpload = upload;
    return true;
  }

  /** Marks an inbound message read; false when it already was. */
  public boolean markRead(long now) {
    if (direction != Direction.INBOUND || status == Status.READ) {
      return false;
    }
    this.status = Status.READ;
    this.updatedAt = now;
    return true;
  }

  public String getId() {
    return id;
  }

  public Direction getDirection() {
    return direction;
  }

  public String getPeer() {
    return peer;
  }

  public String getType() {
    return type;
  }

  public String getBody() {
    return body;
  }

  public Status getStatus() {
    return status;
  }

  public int getErrorCode() {
    return errorCode;
  }

  public long getCreatedAt() {
    return createdAt;
  }
}
