package io.parley.persistence.contacts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The contact lookup cache and the peers' acknowledged identities. Joins the caller's transaction.
 */
@ApplicationScoped
public class ContactRepository {

  @PersistenceContext(unitName = "parley")
  private EntityManager em;

  /** The cached answers for {@code inputs} checked at or after {@code since}. */
  public List<Contact> checkedSince(Collection<String> inputs, long since) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "select c from Contact c where c.input in :inputs and c.checkedAt >= :since",
            Contact.class)
        .setParameter("inputs", inputs)
        .setParameter("since", since)
        .getResultList();
  }

  /** Stores the network's answer for {@code input}: its wa_id, or null when not on the network. */
  public void record(String input, String waId, long now) {
    Contact existing = em.find(Contact.class, input);
    if (existing == null) {
      em.persist(new Contact(input, waId, now));
    } else {
      existing.record(waId, now);
    }
  }

  /** The identity row of {@code waId}, locked until the transaction ends. */
  public Optional<ContactIdentity> lockIdentity(String waId) {
    return Optional.ofNullable(
        em.find(ContactIdentity.class, waId, LockModeType.PESSIMISTIC_WRITE));
  }

  public void addIdentity(ContactIdentity identity) {
    em.persist(identity);
  }
}
