package io.parley.persistence.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The account row and the peer sessions. Joins the caller's transaction. */
@ApplicationScoped
public class AccountRepository {

  @PersistenceContext(unitName = "parley")
  private EntityManager em;

  public Optional<AccountState> find() {
    return Optional.ofNullable(em.find(AccountState.class, AccountState.ID));
  }

  /** The account, locked until the transaction ends (device keys change under this lock). */
  public Optional<AccountState> lock() {
    return Optional.ofNullable(
        em.find(AccountState.class, AccountState.ID, LockModeType.PESSIMISTIC_WRITE));
  }

  public void save(AccountState account) {
    em.persist(account);
  }

  /** The session with {@code waId}, locked until the transaction ends. */
  public Optional<PeerSession> lockSession(String waId) {
    return Optional.ofNullable(em.find(PeerSession.class, waId, LockModeType.PESSIMISTIC_WRITE));
  }

  /**
   * The sessions with {@code waIds} that exist, locked together in one statement (in key order, as
   * every other holder of several takes them) until the transaction ends.
   */
  public Map<String, PeerSession> lockSessions(Collection<String> waIds) {
    if (waIds.isEmpty()) {
      return Map.of();
    }
    List<PeerSession> found =
        em.createQuery(
                "select s from PeerSession s where s.waId in :ids order by s.waId",
                PeerSession.class)
            .setParameter("ids", waIds)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    Map<String, PeerSession> byId = new HashMap<>();
    for (PeerSession session : found) {
      byId.put(session.getWaId(), session);
    }
    return byId;
  }

  /** Stores the session with {@code waId}, replacing any earlier one. */
  public void saveSession(String waId, byte[] sealedState, long now) {
    PeerSession existing = em.find(PeerSession.class, waId);
    if (existing == null) {
      em.persist(new PeerSession(waId, sealedState, now));
    } else {
      existing.update(sealedState, now);
    }
  }

  /** Forgets the session with {@code waId} (its identity changed). */
  public void dropSession(String waId) {
    PeerSession existing = em.find(PeerSession.class, waId);
    if (existing != null) {
      em.remove(existing);
    }
  }
}
