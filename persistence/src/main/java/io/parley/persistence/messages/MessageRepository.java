package io.parley.persistence.messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Messages both ways. Joins the caller's transaction. */
@ApplicationScoped
public class MessageRepository {

  @PersistenceContext(unitName = "parley")
  private EntityManager em;

  public void add(Message message) {
    em.persist(message);
  }

  public Optional<Message> find(String id) {
    return Optional.ofNullable(em.find(Message.class, id));
  }

  /** The message, locked until the transaction ends (statuses change under this lock). */
  public Optional<Message> lock(String id) {
    return Optional.ofNullable(em.find(Message.class, id, LockModeType.PESSIMISTIC_WRITE));
  }

  /**
   * The messages of {@code ids} that exist, by id, locked until the transaction ends in one
   * statement (the database takes the row locks in primary key order).
   */
  public Map<String, Message> lockAll(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<Message> found =
        em.createQuery("select m from Message m where m.id in :ids order by m.id", Message.class)
            .setParameter("ids", ids)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    Map<String, Message> byId = new HashMap<>();
    for (Message message : found) {
      byId.put(message.getId(), message);
    }
    return byId;
  }

  /** Counts messages by direction and status, for the stats endpoints. */
  public long count(Message.Direction direction, Message.Status status) {
    return em.createQuery(
            "select count(m) from Message m where m.direction = :d and m.status = :s", Long.class)
        .setParameter("d", direction)
        .setParameter("s", status)
        .getSingleResult();
  }
}
