package io.parley.persistence.certificates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Stored PEM documents by name. Joins the caller's transaction. */
@ApplicationScoped
public class CertificateRepository {

  @PersistenceContext(unitName = "parley")
  private EntityManager em;

  public Optional<StoredCertificate> find(String name) {
    return Optional.ofNullable(em.find(StoredCertificate.class, name));
  }

  public void put(String name, String pem, long nowMillis) {
    StoredCertificate existing = em.find(StoredCertificate.class, name);
    if (existing == null) {
      em.persist(new StoredCertificate(name, pem, nowMillis));
    } else {
      existing.replace(pem, nowMillis);
    }
  }

  public boolean remove(String name) {
    StoredCertificate existing = em.find(StoredCertificate.class, name);
    if (existing == null) {
      return false;
    }
    em.remove(existing);
    return true;
  }
}
