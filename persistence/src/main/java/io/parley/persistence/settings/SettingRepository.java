package io.parley.persistence.settings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Named settings. Joins the caller's transaction. */
@ApplicationScoped
public class SettingRepository {

  @PersistenceContext(unitName = "parley")
  private EntityManager em;

  public Optional<String> find(String name) {
    return Optional.ofNullable(em.find(Setting.class, name)).map(Setting::getValue);
  }

  /** Inserts or replaces the value of {@code name}. */
  public void put(String name, String value, long nowMillis) {
    Setting existing = em.find(Setting.class, name);
    if (existing == null) {
      em.persist(new Setting(name, value, nowMillis));
    } else {
      existing.update(value, nowMillis);
    }
  }

  public void remove(String name) {
    Setting existing = em.find(Setting.class, name);
    if (existing != null) {
      em.remove(existing);
    }
  }

  /** All settings whose name starts with {@code prefix}. */
  public List<Setting> findByPrefix(String prefix) {
    return em.createNamedQuery("Setting.byPrefix", Setting.class)
        .setParameter("prefix", prefix + "%")
        .getResultList();
  }

  public List<Setting> findAll() {
    return em.createNamedQuery("Setting.all", Setting.class).getResultList();
  }
}
