package io.parley.core.webhooks;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of callback posts and their latency, for {@code /metrics} and {@code /v1/stats}. */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class WebhookMetrics {

  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong callbacksDelivered = new AtomicLong();
  private final AtomicLong postNanos = new AtomicLong();

  public void attempt(boolean success, int callbacks, long nanos) {
    (success ? delivered : failed).incrementAndGet();
    if (success) {
      callbacksDelivered.addAndGet(callbacks);
    }
    postNanos.addAndGet(nanos);
  }

  public long postsDelivered() {
    return delivered.get();
  }

  public long postsFailed() {
    return failed.get();
  }

  public long callbacksDelivered() {
    return callbacksDelivered.get();
  }

  /** Total seconds spent posting. */
  public double postSeconds() {
    return postNanos.get() / 1e9;
  }
}
