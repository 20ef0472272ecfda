package io.parley.persistence.contacts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The identity (security code hash) of one peer as Parley first showed it, and when the business
 * acknowledged it. A new identity replaces the row and needs a new acknowledgement.
 */
@Entity
@Table(name = "contact_identity")
public class ContactIdentity {

  @Id
  @Column(name = "wa_id", length = 24)
  private String waId;

  @Column(name = "identity_hash", nullable = false, length = 64)
  private String hash;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  @Column(name = "acknowledged_at")
  private Long acknowledgedAt;

  protected ContactIdentity() {}

  public ContactIdentity(String waId, String hash, long now) {
    this.waId = waId;
    this.hash = hash;
    this.createdAt = now;
  }

  /** Whether {@code current} is still the identity of this row. */
  public boolean isStill(String current) {
    return hash.equals(current);
  }

  /** The peer has a new identity: seen now, not acknowledged yet. */
  public void replace(String newHash, long now) {
    this.hash = newHash;
    this.createdAt = now;
    this.acknowledgedAt = null;
  }

  public void acknowledge(long now) {
    this.acknowledgedAt = now;
  }

  public String getWaId() {
    return waId;
  }

  public String getHash() {
    return hash;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  /** When the business acknowledged this identity; null when it has not. */
  public Long getAcknowledgedAt() {
    return acknowledgedAt;
  }
}
