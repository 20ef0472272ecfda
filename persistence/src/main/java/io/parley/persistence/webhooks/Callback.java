package io.parley.persistence.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * A webhook callback waiting for the business's receiver to answer 200: its JSON payload, how often
 * it was tried and when it is due next. Deleted once delivered.
 */
@Entity
@Table(name = "callback")
public class Callback {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Lob
  @Column(nullable = false, columnDefinition = "MEDIUMTEXT")
  private String payload;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private long nextAttemptAt;

  /** Set by the deliverer that took this callback for its current attempt. */
  @Column(name = "claim_token", length = 36)
  private String claimToken;

  @Column(name = "created_at", nullable = false)
  private long createdAt;

  protected Callback() {}

  public Callback(String payload, long now) {
    this.payload = payload;
    this.nextAttemptAt = now;
    this.createdAt = now;
  }

  /** Records a failed attempt; the next one is due at {@code nextAttemptAt}. */
  public void failed(long nextAttemptAt) {
    this.attempts++;
    this.nextAttemptAt = nextAttemptAt;
  }

  public Long getId() {
    return id;
  }

  public String getPayload() {
    return payload;
  }

  public int getAttempts() {
    return attempts;
  }

  public long getNextAttemptAt() {
    return nextAttemptAt;
  }

  public long getCreatedAt() {
    return createdAt;
  }
}
