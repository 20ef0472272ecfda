package io.parley.core.webhooks;

import io.parley.persistence.webhooks.CallbackRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Re-triggers stored callbacks that are overdue with no trigger on its way: after a crash in the
 * middle of a delivery, when a lease ran out, or when a trigger was dropped because every posting
 * permit was taken. One trigger per batch is enough, since a delivery takes a batch of what is due
 * and goes on while more is due. A duplicate trigger is harmless: a callback is claimed before each
 * attempt.
 */
@Singleton
public class CallbackSweeper {

  static final long GRACE_MILLIS = 5_000;

  @Inject CallbackRepository callbacks;
  @EJB CallbackQueue queue;

  @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void sweep() {
    List<Long> overdue = callbacks.dueIds(System.currentTimeMillis() - GRACE_MILLIS, 1000);
    for (int i = 0; i < overdue.size(); i += WebhookService.BATCH) {
      queue.trigger(overdue.get(i), 0);
    }
  }
}
