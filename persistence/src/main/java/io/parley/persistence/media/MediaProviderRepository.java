package io.parley.persistence.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** The media providers, by name (without regard to case). Joins the caller's transaction. */
@ApplicationScoped
public class MediaProviderRepository {

  @PersistenceContext(unitName = "parley")
  private EntityManager em;

  public Optional<MediaProvider> find(String name) {
    return Optional.ofNullable(em.find(MediaProvider.class, MediaProvider.key(name)));
  }

  /** Every provider, by name. */
  public List<MediaProvider> all() {
    return em.createQuery("SELECT p FROM MediaProvider p ORDER BY p.nameKey", MediaProvider.class)
        .getResultList();
  }

  /** Adds the provider, or replaces the one of the same name. */
  public void put(String name, String type, String sealedConfig, long nowMillis) {
    Optional<MediaProvider> existing = find(name);
    if (existing.isPresent()) {
      existing.get().replace(name, type, sealedConfig, nowMillis);
    } else {
      em.persist(new MediaProvider(name, type, sealedConfig, nowMillis));
    }
  }

  public boolean remove(String name) {
    Optional<MediaProvider> existing = find(name);
    existing.ifPresent(em::remove);
    return existing.isPresent();
  }
}
