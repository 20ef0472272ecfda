package io.parley.persistence.messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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
    return Optional.ofNullable(
        em.find(Message.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE));
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
