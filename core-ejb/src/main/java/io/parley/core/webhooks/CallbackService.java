package io.parley.core.webhooks;

import io.parley.core.settings.ApplicationSettings;
import io.parley.core.settings.SettingsService;
import io.parley.persistence.webhooks.Callback;
import io.parley.persistence.webhooks.CallbackRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

/**
 * Where callbacks are born: with {@code callback_persist} each is stored in the database until the
 * receiver acknowledges it, and a trigger on the callbacks queue starts its delivery, both in the
 * caller's transaction. With no {@code webhooks.url}, callbacks are dropped, as on-prem.
 */
@Stateless
public class CallbackService {

  @Inject CallbackRepository callbacks;
  @EJB SettingsService settings;
  @EJB CallbackQueue queue;

  public void enqueue(JsonObject payload) {
    ApplicationSettings application = settings.application();
    if (application.webhooks().url().isEmpty()) {
      return;
    }
    if (application.callbackPersist()) {
      Callback callback = callbacks.add(payload.toString(), System.currentTimeMillis());
      queue.trigger(callback.getId(), 0);
    } else {
      queue.sendTransient(payload.toString(), 0, 0);
    }
  }
}
