package io.parley.core.webhooks;

import io.parley.core.settings.ApplicationSettings;
import io.parley.core.settings.SettingsService;
import io.parley.persistence.webhooks.CallbackRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * Where callbacks are born: with {@code callback_persist} each is stored in the database, in the
 * caller's transaction, until the receiver acknowledges it, and a signal on the callbacks queue
 * starts its delivery once that transaction has ended ({@link CallbackSignal}); without it, the
 * payload goes to the callbacks queue once the caller's transaction has committed. Either way the
 * caller's transaction stays in the database alone. With no {@code webhooks.url}, callbacks are
 * dropped, as on-prem.
 */
@Stateless
public class CallbackService {

  @Inject CallbackRepository callbacks;
  @EJB SettingsService settings;
  @EJB CallbackQueue queue;
  @EJB CallbackSignal signal;

  /** The most statuses one callback row carries. */
  static final int STATUSES_PER_CALLBACK = 10;

  /**
   * Status callbacks made together: up to {@link #STATUSES_PER_CALLBACK} share a callback (one row,
   * one payload with a {@code statuses} array), so a batch of receipts is a few rows.
   */
  public void enqueueStatuses(List<JsonObject> payloads) {
    for (int i = 0; i < payloads.size(); i += STATUSES_PER_CALLBACK) {
      enqueue(
          WebhookPayloads.batch(
              payloads.subList(i, Math.min(payloads.size(), i + STATUSES_PER_CALLBACK))));
    }
  }

  public void enqueue(JsonObject payload) {
    ApplicationSettings application = settings.application();
    if (application.webhooks().url().isEmpty()) {
      return;
    }
    if (application.callbackPersist()) {
      callbacks.add(payload.toString(), System.currentTimeMillis());
      signal.afterTransaction();
    } else {
      queue.sendTransientAfterCommit(payload.toString());
    }
  }
}
