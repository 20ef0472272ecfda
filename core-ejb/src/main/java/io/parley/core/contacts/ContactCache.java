package io.parley.core.contacts;

import io.parley.persistence.contacts.Contact;
import io.parley.persistence.contacts.ContactRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The network's answers about phone numbers, kept for a while so that checking a number again does
 * not ask the network. Each call is its own short transaction, never one held open while the
 * network is asked. Answers map a number's digits to its wa_id, or to {@code ""} when it is not on
 * the network.
 */
@Stateless
public class ContactCache {

  @Inject ContactRepository contacts;

  /** The answers about {@code numbers} the network gave at or after {@code since}. */
  public Map<String, String> answeredSince(Collection<String> numbers, long since) {
    Map<String, String> answers = new HashMap<>();
    for (Contact contact : contacts.checkedSince(numbers, since)) {
      answers.put(
          contact.getInput(), contact.getStatus() == Contact.Status.VALID ? contact.getWaId() : "");
    }
    return answers;
  }

  /** Keeps {@code answers}, replacing older ones about the same numbers. */
  public void remember(Map<String, String> answers, long now) {
    answers.forEach((number, waId) -> contacts.record(number, waId.isEmpty() ? null : waId, now));
  }
}
