package io.parley.persistence.contacts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The last answer of the network about one phone number (its digits): on the network with its
 * wa_id, or not, and when the network said so.
 */
@Entity
@Table(name = "contact")
public class Contact {

  /** What the network answered. */
  public enum Status {
    VALID,
    INVALID
  }

  @Id
  @Column(length = 64)
  private String input;

  @Column(name = "wa_id", length = 24)
  private String waId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Status status;

  @Column(name = "checked_at", nullable = false)
  private long checkedAt;

  protected Contact() {}

  /** The answer for {@code input}: its wa_id, or null when it is not on the network. */
  public Contact(String input, String waId, long now) {
    this.input = input;
    record(waId, now);
  }

  /** Replaces the answer with a newer one. */
  public void record(String waId, long now) {
    this.waId = waId;
    this.status = waId == null ? Status.INVALID : Status.VALID;
    this.checkedAt = now;
  }

  public String getInput() {
    return input;
  }

  /** The wa_id, or null when the number is not on the network. */
  public String getWaId() {
    return waId;
  }

  public Status getStatus() {
    return status;
  }

  public long getCheckedAt() {
    return checkedAt;
  }
}
