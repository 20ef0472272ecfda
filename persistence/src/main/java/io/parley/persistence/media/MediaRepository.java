package io.parley.persistence.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** The rows of the media files. Joins the caller's transaction. */
@ApplicationScoped
public class MediaRepository {

  @PersistenceContext(unitName = "parley")
  private EntityManager em;

  public void add(Media media) {
    em.persist(media);
  }

  public Optional<Media> find(String id) {
    return Optional.ofNullable(em.find(Media.class, id));
  }

  /** The media row, locked until the transaction ends. */
  public Optional<Media> lock(String id) {
    return Optional.ofNullable(em.find(Media.class, id, LockModeType.PESSIMISTIC_WRITE));
  }

  public void remove(Media media) {
    em.remove(media);
  }
}
