package io.parley.persistence.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Callbacks waiting for delivery. Joins the caller's transaction. */
@ApplicationScoped
public class CallbackRepository {

  @PersistenceContext(unitName = "parley")
  private EntityManager em;

  public void add(String payload, long now) {
    em.persist(new Callback(payload, now));
  }

  public Optional<Callback> find(long id) {
    return Optional.ofNullable(em.find(Callback.class, id));
  }

  /** The ids of callbacks due at {@code now}, oldest first. */
  public List<Long> dueIds(long now, int limit) {
    return em.createQuery(
            "select c.id from Callback c where c.nextAttemptAt <= :now order by c.id", Long.class)
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }

  /**
   * Claims callback {@code id} for one delivery attempt if it is due at {@code now}: it is not due
   * again before {@code leaseUntil}, so no other deliverer takes it meanwhile. False when it is not
   * due, taken or gone.
   */
  public boolean claim(long id, long now, long leaseUntil, String token) {
    return em.createQuery(
                "update Callback c set c.nextAttemptAt = :lease, c.claimToken = :token"
                    + " where c.id = :id and c.nextAttemptAt <= :now")
            .setParameter("lease", leaseUntil)
            .setParameter("token", token)
            .setParameter("id", id)
            .setParameter("now", now)
            .executeUpdate()
        == 1;
  }

  /**
   * Claims, of the callbacks {@code ids}, those still due at {@code now}, in one statement marked
   * with {@code token}. The rows are locked in primary key order, so deliverers claiming at the
   * same time wait for each other instead of deadlocking.
   */
  public void claimAll(List<Long> ids, long now, long leaseUntil, String token) {
    if (ids.isEmpty()) {
      return;
    }
    em.createQuery(
            "update Callback c set c.nextAttemptAt = :lease, c.claimToken = :token"
                + " where c.id in :ids and c.nextAttemptAt <= :now")
        .setParameter("lease", leaseUntil)
        .setParameter("token", token)
        .setParameter("ids", ids)
        .setParameter("now", now)
        .executeUpdate();
  }

  /** The callbacks claimed with {@code token} and still waiting, by id. */
  public List<Callback> claimed(String token) {
    return em.createQuery(
            "select c from Callback c where c.claimToken = :token order by c.id", Callback.class)
        .setParameter("token", token)
        .getResultList();
  }

  /**
   * Makes up to {@code limit} callbacks that wait for a retry due at {@code now}; their ids, oldest
   * first.
   */
  public List<Long> retryNow(long now, int limit) {
    List<Long> ids =
        em.createQuery(
                "select c.id from Callback c where c.attempts > 0 and c.nextAttemptAt > :now"
                    + " order by c.id",
                Long.class)
            .setParameter("now", now)
            .setMaxResults(limit)
            .getResultList();
    if (!ids.isEmpty()) {
      em.createQuery("update Callback c set c.nextAttemptAt = :now where c.id in :ids")
          .setParameter("now", now)
          .setParameter("ids", ids)
          .executeUpdate();
    }
    return ids;
  }

  /** Removes delivered callbacks. */
  public void removeAll(List<Long> ids) {
    if (!ids.isEmpty()) {
      em.createQuery("delete from Callback c where c.id in :ids")
          .setParameter("ids", ids)
          .executeUpdate();
    }
  }

  public long count() {
    return em.createQuery("select count(c) from Callback c", Long.class).getSingleResult();
  }

  /** The oldest waiting callback's creation time, if any waits. */
  public Optional<Long> oldestCreatedAt() {
    return Optional.ofNullable(
        em.createQuery("select min(c.createdAt) from Callback c", Long.class).getSingleResult());
  }
}
