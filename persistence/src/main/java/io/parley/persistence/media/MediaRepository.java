package io.parley.persistence.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** The rows of the media files. Joins the caller's transaction. */
@ApplicationScoped
public class MediaRepository {

  /** The files and bytes of one origin. */
  public record Totals(Media.Origin origin, long files, long bytes) {}

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

  /** Whether media {@code id} has a row, read from the database (not the persistence context). */
  public boolean exists(String id) {
    return em.createQuery("select count(m) from Media m where m.id = :id", Long.class)
            .setParameter("id", id)
            .getSingleResult()
        > 0;
  }

  /**
   * Sets the last use of media {@code id} to {@code now} if it was last used before {@code before};
   * whether it did. A row the garbage collector holds is waited for.
   */
  public boolean markUsed(String id, long now, long before) {
    return em.createQuery(
                "update Media m set m.lastUsedAt = :now where m.id = :id and m.lastUsedAt < :before")
            .setParameter("now", now)
            .setParameter("id", id)
            .setParameter("before", before)
            .executeUpdate()
        > 0;
  }

  /**
   * The ids of up to {@code limit} media the garbage collector may delete at {@code cutoff} ({@link
   * Media#collectableBefore}), least recently used first. Not locked: check each again under its
   * lock.
   */
  public List<String> collectableIds(long cutoff, int limit) {
    return em.createQuery(
            "select m.id from Media m where m.lastUsedAt < :cutoff and m.origin <> :kept"
                + " and m.state <> :fetching order by m.lastUsedAt",
            String.class)
        .setParameter("cutoff", cutoff)
        .setParameter("kept", Media.Origin.PROFILE_PHOTO)
        .setParameter("fetching", Media.State.AUTO_DOWNLOAD)
        .setMaxResults(limit)
        .getResultList();
  }

  /** The media of {@code origin}, newest first. */
  public List<Media> withOrigin(Media.Origin origin) {
    return em.createQuery(
            "select m from Media m where m.origin = :origin order by m.createdAt desc, m.id",
            Media.class)
        .setParameter("origin", origin)
        .getResultList();
  }

  /**
   * Files and bytes in the media store per origin, for the origins that have any (received media
   * not fetched yet has no file and is not counted).
   */
  public List<Totals> totals() {
    return em
        .createQuery(
            "select m.origin, count(m), sum(m.size) from Media m where m.state = :stored"
                + " group by m.origin",
            Object[].class)
        .setParameter("stored", Media.State.STORED)
        .getResultList()
        .stream()
        .map(
            row ->
                new Totals(
                    (Media.Origin) row[0],
                    ((Number) row[1]).longValue(),
                    ((Number) row[2]).longValue()))
        .toList();
  }

  public void remove(Media media) {
    em.remove(media);
  }
}
