package io.parley.core.transactions;

import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value read from the database and used for at most {@code freshMillis} before it is read again:
 * the cache of a setting that every request consults. A writer on this node calls {@link
 * #invalidate} and its change is seen at once: the copy is dropped now and again when the writer's
 * transaction has ended.
 *
 * <p>A read that overlaps an invalidation is returned to its caller but not kept: it may have read
 * the database before the writer's commit, and kept it would outlive the commit. Each invalidation
 * starts a new generation, and only a copy read within the current one is used.
 */
public final class FreshCopy<T> {

  private record Copy<T>(T value, long readAt, long generation) {}

  private final long freshMillis;
  private final LongSupplier clock;
  private final AtomicLong generation = new AtomicLong();
  private volatile Copy<T> copy;

  public FreshCopy(long freshMillis) {
    this(freshMillis, System::currentTimeMillis);
  }

  FreshCopy(long freshMillis, LongSupplier clock) {
    this.freshMillis = freshMillis;
    this.clock = clock;
  }

  /**
   * The copy if it is fresh and no invalidation came since it was read, else what {@code read}
   * returns.
   */
  public T get(Supplier<T> read) {
    long now = clock.getAsLong();
    long current = generation.get();
    Copy<T> held = copy;
    if (held != null && held.generation() == current && now - held.readAt() < freshMillis) {
      return held.value();
    }
    T fresh = read.get();
    copy = new Copy<>(fresh, now, current);
    return fresh;
  }

  /** Drops the copy now and when the current transaction (if any) has ended. */
  public void invalidate(TransactionSynchronizationRegistry transactions) {
    generation.incrementAndGet();
    AfterTransaction.run(transactions, generation::incrementAndGet);
  }
}
