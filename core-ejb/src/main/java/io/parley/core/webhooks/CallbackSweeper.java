package io.parley.core.webhooks;

import io.parley.persistence.webhooks.CallbackRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Re-triggers stored callbacks that are overdue with no trigger on its way: after a crash in the
 * middle of a delivery, or when a lease ran out. A duplicate trigger is harmless: a callback is
 * claimed before each attempt.
 */
@Singleton
public class CallbackSweeper {

  static final long GRACE_MILLIS = 10_000;

  @Inject CallbackRepository callbacks;
  @EJB CallbackQueue queue;

  @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false)
  void sweep() {
    List<Long> overdue = callbacks.dueIds(System.currentTimeMillis() - GRACE_MILLIS, 1000);
    for (Long id : overdue) {
      queue.trigger(id, 0);
    }
  }
}
