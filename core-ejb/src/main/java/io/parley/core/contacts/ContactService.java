package io.parley.core.contacts;

import io.parley.core.network.NetworkSession;
import io.parley.core.network.NetworkUnavailableException;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/contacts}: which phone numbers are on the network, answered from the 7-day cache
 * or by asking the network.
 *
 * <p>With {@code wait} the network is asked in the request and a number it could not be asked about
 * is {@code failed}. With {@code no_wait} the lookup runs on the managed executor and the request
 * waits for it only briefly: a number not answered by then is {@code processing}, and a lookup that
 * finishes later still fills the cache for the next check. A number the network could not be asked
 * about is not cached.
 *
 * <p>Runs outside any transaction: no database transaction is held open while the network is asked;
 * the cache reads and writes are short transactions of their own ({@link ContactCache}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ContactService {

  /** How long an answer of the network is used (on-prem §3). */
  public static final Duration CACHE_TTL = Duration.ofDays(7);

  /** How long a {@code no_wait} check waits for the network before answering processing. */
  static final Duration NO_WAIT_LIMIT = Duration.ofSeconds(2);

  private static final Logger LOG = Logger.getLogger(ContactService.class);

  @EJB NetworkSession network;
  @EJB ContactCache cache;
  @Resource ManagedExecutorService executor;

  /**
   * The answer for each of {@code inputs}, in order.
   *
   * @param wait whether to wait for the network ({@code blocking: wait})
   * @param forceCheck whether to ask the network even about numbers answered recently
   */
  public List<ContactCheck> check(List<String> inputs, boolean wait, boolean forceCheck) {
    long now = System.currentTimeMillis();
    Set<String> numbers = ContactAnswers.numbers(inputs);
    Map<String, String> known = new HashMap<>();
    if (!forceCheck && !numbers.isEmpty()) {
      known.putAll(cache.answeredSince(numbers, now - CACHE_TTL.toMillis()));
    }
    List<String> unknown = numbers.stream().filter(n -> !known.containsKey(n)).toList();
    if (!unknown.isEmpty()) {
      known.putAll(wait ? lookUpNow(unknown) : lookUpWithin(unknown, NO_WAIT_LIMIT));
    }
    return ContactAnswers.answer(
        inputs, known, wait ? ContactCheck.Status.FAILED : ContactCheck.Status.PROCESSING);
  }

  private Map<String, String> lookUpNow(List<String> numbers) {
    try {
      return lookUp(numbers);
    } catch (NetworkUnavailableException e) {
      LOG.debugf("Contacts not checked: %s", e.getMessage());
      return Map.of();
    }
  }

  private Map<String, String> lookUpWithin(List<String> numbers, Duration limit) {
    Future<Map<String, String>> lookup = executor.submit(() -> lookUp(numbers));
    try {
      return lookup.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // The lookup goes on and caches what the network answers for the next check.
      return Map.of();
    } catch (ExecutionException e) {
      LOG.debugf("Contacts not checked: %s", e.getCause().getMessage());
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  /** Asks the network about {@code numbers} and caches its answers. */
  private Map<String, String> lookUp(List<String> numbers) {
    Map<String, String> answers = new HashMap<>();
    for (int from = 0; from < numbers.size(); from += Payload.MAX_CONTACT_QUERY) {
      List<String> batch =
          numbers.subList(from, Math.min(numbers.size(), from + Payload.MAX_CONTACT_QUERY));
      Frame answer = network.request(new Payload.ContactQuery(batch));
      if (!(answer.payload() instanceof Payload.ContactResult result)) {
        throw new NetworkUnavailableException(
            "the network refused the contact query: " + answer.payload());
      }
      Set<String> asked = new HashSet<>(batch);
      for (Payload.ContactStatus status : result.contacts()) {
        if (asked.contains(status.input())) {
          answers.put(status.input(), status.account());
        }
      }
    }
    try {
      cache.remember(answers, System.currentTimeMillis());
    } catch (EJBException e) {
      // Most likely a concurrent check cached the same number first; the answer stands.
      LOG.debugf("Contact answers not cached: %s", e.getMessage());
    }
    return answers;
  }
}
