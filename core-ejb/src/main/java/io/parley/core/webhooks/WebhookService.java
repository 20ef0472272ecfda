package io.parley.core.webhooks;

import io.parley.core.json.Jsons;
import io.parley.core.settings.ApplicationSettings;
import io.parley.core.settings.SettingsService;
import io.parley.persistence.webhooks.Callback;
import io.parley.persistence.webhooks.CallbackRepository;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Delivers callbacks: claims a due callback and whatever else is due (a batch), posts them as one
 * payload, and then removes them, or schedules the next attempt with the on-prem linear back-off
 * ({@code callback_backoff_delay_ms} × attempt, capped by {@code max_callback_backoff_delay_ms}),
 * for ever. Nothing waits in between: the next attempt is a delayed message on the callbacks queue.
 * Each step is its own short transaction, so no database lock is held during the post.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookService {

  private static final Logger LOG = Logger.getLogger(WebhookService.class);
  static final int BATCH = 50;

  /** How many waiting callbacks are released at once when the receiver answers again. */
  static final int BACKLOG = 1000;

  /** How long a claimed callback is kept from other deliverers (longer than any post). */
  static final long LEASE_MILLIS = 60_000;

  /** How long one delivery goes on posting what is due before it hands over to a new trigger. */
  static final long DRAIN_MILLIS = 5_000;

  /** How often settling a posted batch is tried when it loses lock conflicts. */
  static final int SETTLE_ATTEMPTS = 10;

  /** When all posting permits are taken, a transient callback comes back after this long. */
  static final long BUSY_RETRY_MILLIS = 100;

  @Inject CallbackRepository callbacks;
  @EJB SettingsService settings;
  @EJB CallbackQueue queue;
  @EJB CallbackSignal signal;
  @EJB WebhookSender sender;
  @EJB WebhookMetrics metrics;
  @Resource SessionContext context;

  /**
   * Delivers stored callback {@code id}, with any others that are due, if it is due; then goes on
   * with whatever else is due, batch after batch, for up to {@link #DRAIN_MILLIS}.
   *
   * <p>When every posting permit is taken the trigger is dropped: the deliverers holding them take
   * whatever is due when their post is done, look once more after releasing their permit, and
   * {@link CallbackSweeper} catches anything left. (Sending the trigger back instead makes a
   * backlog of thousands cycle through the broker.)
   */
  public void deliverStored(long id) {
    deliver(OptionalLong.of(id));
  }

  /** Delivers whatever stored callbacks are due, as {@link #deliverStored} does after its first. */
  public void deliverDue() {
    deliver(OptionalLong.empty());
  }

  private void deliver(OptionalLong first) {
    ApplicationSettings application = settings.application();
    Optional<String> url = application.webhooks().url();
    if (url.isEmpty() || !sender.tryAcquire(application.webhooks().maxConcurrentRequests())) {
      return;
    }
    // Whether the delivery ended with nothing left for it: nothing due, or a failed post (its
    // callbacks come back by their own triggers). A delivery cut short signals once more.
    boolean done = false;
    signal.draining();
    try {
      long until = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
      List<Callback> batch = first.isPresent() ? claim(first.getAsLong()) : claimDue();
      signal.claimed(batch.size() >= BATCH);
      while (true) {
        if (batch.isEmpty()) {
          done = true;
          break;
        }
        WebhookSender.Outcome outcome = post(url.get(), batch, application);
        if (!outcome.delivered()) {
          settle(batch, outcome, application, SETTLE_ATTEMPTS);
          done = true;
          break;
        }
        boolean more = System.nanoTime() <= until;
        if (more && batch.stream().allMatch(callback -> callback.getAttempts() == 0)) {
          batch = removeAndClaimDue(batch, outcome, application);
        } else {
          settle(batch, outcome, application, SETTLE_ATTEMPTS);
          if (batch.stream().anyMatch(callback -> callback.getAttempts() > 0)) {
            // The receiver answers again: what waits for its back-off goes now, in batches.
            self().releaseBacklog();
          }
          if (!more) {
            break;
          }
          batch = claimDue();
        }
        signal.claimed(batch.size() >= BATCH);
      }
    } finally {
      sender.release();
      // Callbacks stored while this delivery ran may have had their signal held back (or, after a
      // drain cut short, still be due): with the permit released, one signal has them taken.
      signal.drained(!done);
    }
  }

  /** Posts {@code batch} as one payload; the outcome, which the caller settles. */
  private WebhookSender.Outcome post(
      String url, List<Callback> batch, ApplicationSettings application) {
    List<JsonObject> payloads = new ArrayList<>();
    for (Callback callback : batch) {
      payloads.add(parse(callback.getPayload()));
    }
    long started = System.nanoTime();
    WebhookSender.Outcome outcome =
        sender.post(
            url,
            WebhookPayloads.batch(payloads).toString(),
            "cb_" + batch.get(0).getId(),
            application.webhooks().signingSecret());
    metrics.attempt(outcome.delivered(), batch.size(), System.nanoTime() - started);
    return outcome;
  }

  /**
   * Removes a delivered batch and claims the next due batch in the same transaction (one
   * transaction per post instead of two). When that loses a lock conflict, the batch is settled on
   * its own, with retries, and the next batch claimed after it.
   */
  private List<Callback> removeAndClaimDue(
      List<Callback> delivered, WebhookSender.Outcome outcome, ApplicationSettings application) {
    try {
      return self()
          .removeAndClaim(
              delivered.stream().map(Callback::getId).toList(),
              System.currentTimeMillis(),
              UUID.randomUUID().toString(),
              BATCH);
    } catch (EJBException e) {
      LOG.debugf("Removing a delivered batch with the next claim lost a lock conflict: %s", e);
      settle(delivered, outcome, application, SETTLE_ATTEMPTS);
      return claimDue();
    }
  }

  /**
   * Settles a posted batch, again at once when the database broke a lock conflict (a deadlock with
   * a claim or with new callbacks): a delivered batch left in place would be posted a second time
   * once its claim ran out.
   */
  private void settle(
      List<Callback> batch, WebhookSender.Outcome outcome, ApplicationSettings app, int attempts) {
    for (int attempt = 1; ; attempt++) {
      try {
        self().settle(batch, outcome, app);
        return;
      } catch (EJBException e) {
        if (attempt >= attempts) {
          throw e;
        }
        LOG.debugf("Settling a callback batch lost a lock conflict; again: %s", e.getMessage());
      }
    }
  }

  /** Delivers a callback that lives only in the broker ({@code callback_persist} off). */
  public void deliverTransient(String payload, int attempts) {
    ApplicationSettings application = settings.application();
    Optional<String> url = application.webhooks().url();
    if (url.isEmpty()) {
      return;
    }
    if (!sender.tryAcquire(application.webhooks().maxConcurrentRequests())) {
      self().requeueTransient(payload, attempts, BUSY_RETRY_MILLIS);
      return;
    }
    try {
      long started = System.nanoTime();
      WebhookSender.Outcome outcome =
          sender.post(
              url.get(),
              payload,
              "cb_t" + Long.toHexString(System.nanoTime()),
              application.webhooks().signingSecret());
      metrics.attempt(outcome.delivered(), 1, System.nanoTime() - started);
      if (!outcome.delivered()) {
        long delay = backoff(application, attempts + 1);
        LOG.debugf("Callback failed (%s); next attempt in %d ms", outcome.detail(), delay);
        self().requeueTransient(payload, attempts + 1, delay);
      }
    } finally {
      sender.release();
    }
  }

  /**
   * Claims {@code id}, then up to a batch of other due callbacks in one statement (see {@link
   * CallbackRepository#claimAll}), each claim a short transaction of its own; empty if {@code id}
   * is not due.
   */
  private List<Callback> claim(long id) {
    WebhookService self = self();
    long now = System.currentTimeMillis();
    String token = UUID.randomUUID().toString();
    if (!contended(() -> self.claimOne(id, now, token))) {
      return List.of();
    }
    List<Callback> claimed = new ArrayList<>();
    contended(() -> claimed.addAll(self.claimBatch(now, token, BATCH - 1, true)));
    return claimed.isEmpty() ? self.load(token) : claimed;
  }

  /**
   * Claims up to a batch of due callbacks in one transaction; empty if none is due, or if the claim
   * lost a lock conflict (then a signal has another delivery look again).
   */
  private List<Callback> claimDue() {
    WebhookService self = self();
    List<Callback> claimed = new ArrayList<>();
    boolean ran =
        contended(
            () -> {
              claimed.addAll(
                  self.claimBatch(
                      System.currentTimeMillis(), UUID.randomUUID().toString(), BATCH, false));
              return true;
            });
    if (!ran) {
      // What it could not claim may still be due: sent, or held back until this delivery ends
      signal.signal();
    }
    return claimed;
  }

  /**
   * Runs a claim; false when it lost a lock conflict with another deliverer (a deadlock the
   * database broke, or a lock wait that timed out). What it did not claim stays due for the next
   * delivery, so losing is harmless and cheaper than failing the whole delivery.
   */
  private static boolean contended(BooleanSupplier claim) {
    try {
      return claim.getAsBoolean();
    } catch (EJBException e) {
      LOG.debugf("A claim lost a lock conflict: %s", e.getMessage());
      return false;
    }
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean claimOne(long id, long now, String token) {
    return callbacks.claim(id, now, now + LEASE_MILLIS, token);
  }

  /**
   * Claims up to {@code limit} due callbacks with {@code token} and returns every callback claimed
   * with it, those claimed before by {@link #claimOne} included when {@code claimedBefore}.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Callback> claimBatch(long now, String token, int limit, boolean claimedBefore) {
    return claimWith(now, token, limit, claimedBefore);
  }

  /** Removes delivered callbacks {@code delivered} and claims up to {@code limit} due ones. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Callback> removeAndClaim(List<Long> delivered, long now, String token, int limit) {
    callbacks.removeAll(delivered);
    return claimWith(now, token, limit, false);
  }

  private List<Callback> claimWith(long now, String token, int limit, boolean claimedBefore) {
    List<Long> due = callbacks.dueIds(now, limit);
    if (due.isEmpty() && !claimedBefore) {
      return List.of();
    }
    callbacks.claimAll(due, now, now + LEASE_MILLIS, token);
    return callbacks.claimed(token);
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Callback> load(String token) {
    return callbacks.claimed(token);
  }

  /** Removes a delivered batch, or schedules each callback's next attempt. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void settle(List<Callback> batch, WebhookSender.Outcome outcome, ApplicationSettings app) {
    List<Long> ids = batch.stream().map(Callback::getId).toList();
    if (outcome.delivered()) {
      callbacks.removeAll(ids);
      return;
    }
    long now = System.currentTimeMillis();
    for (Long id : ids) {
      Optional<Callback> stored = callbacks.find(id);
      if (stored.isEmpty()) {
        continue;
      }
      Callback callback = stored.get();
      long delay = backoff(app, callback.getAttempts() + 1);
      callback.failed(now + delay);
      queue.triggerAfterCommit(id, delay);
    }
    LOG.debugf(
        "Callback batch of %s failed (%s); next attempt in %s ms",
        Integer.toString(ids.size()),
        outcome.detail(),
        Long.toString(backoff(app, batch.get(0).getAttempts() + 1)));
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void releaseBacklog() {
    List<Long> waiting = callbacks.retryNow(System.currentTimeMillis(), BACKLOG);
    for (int i = 0; i < waiting.size(); i += BATCH) {
      queue.triggerAfterCommit(waiting.get(i), 0);
    }
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void requeueTransient(String payload, int attempts, long delayMillis) {
    queue.sendTransient(payload, attempts, delayMillis);
  }

  /** The on-prem linear back-off before attempt number {@code attempt} + 1. */
  static long backoff(ApplicationSettings app, int attempt) {
    return Math.min(app.callbackBackoffDelayMs() * attempt, app.maxCallbackBackoffDelayMs());
  }

  private WebhookService self() {
    return context.getBusinessObject(WebhookService.class);
  }

  private static JsonObject parse(String json) {
    try (var reader = Jsons.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
