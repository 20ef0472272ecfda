package io.parley.persistence.certificates;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A PEM document kept by name: the HTTPS key and chain, its CA, and the CA bundle trusted for
 * webhooks. Private keys are stored encrypted by the service that writes them.
 */
@Entity
@Table(name = "stored_certificate")
public class StoredCertificate {

  @Id
  @Column(length = 64)
  private String name;

  @Column(nullable = false, length = 16000)
  private String pem;

  @Column(name = "updated_at", nullable = false)
  private long updatedAt;

  protected StoredCertificate() {}

  public StoredCertificate(String name, String pem, long updatedAt) {
    this.name = name;
    this.pem = pem;
    this.updatedAt = updatedAt;
  }

  public String getName() {
    return name;
  }

  public String getPem() {
    return pem;
  }

  public long getUpdatedAt() {
    return updatedAt;
  }

  public void replace(String pem, long updatedAt) {
    this.pem = pem;
    this.updatedAt = updatedAt;
  }
}
