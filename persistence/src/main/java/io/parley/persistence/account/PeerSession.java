package io.parley.persistence.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The end-to-end session with one peer's device, its ratchet state sealed by the caller. */
@Entity
@Table(name = "peer_session")
public class PeerSession {

  @Id
  @Column(name = "wa_id", length = 24)
  private String waId;

  @Lob
  @Column(name = "session_state", nullable = false, columnDefinition = "MEDIUMBLOB")
  private byte[] sealedState;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  @Version private long version;

  protected PeerSession() {}

  public PeerSession(String waId, byte[] sealedState, long now) {
    this.waId = waId;
    this.sealedState = sealedState.clone();
    this.updatedAt = now;
  }

  public String getWaId() {
    return waId;
  }

  public byte[] getSealedState() {
    return sealedState.clone();
  }

  public void update(byte[] sealedState, long now) {
    this.sealedState = sealedState.clone();
    this.updatedAt = now;
  }
}
