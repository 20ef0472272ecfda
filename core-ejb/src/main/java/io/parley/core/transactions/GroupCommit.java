package io.parley.core.transactions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Group commit: items submitted while a commit is running wait for the next one, so that one
 * transaction takes them all. The callers' threads do the work: the first caller to find no commit
 * running commits what waits, up to a batch, and the others wait for it. Nobody returns before the
 * commit holding its item has ended, and a failed commit fails every item in it. Under light load
 * each item has a commit of its own; under heavy load one commit serves many.
 *
 * @param <T> what is committed
 */
public final class GroupCommit<T> {

  /** How long a waiting caller sleeps at most before it looks again (a safety net only). */
  private static final long WAIT_MILLIS = 100;

  private final int maxBatch;
  private final Consumer<List<T>> commit;
  private final ConcurrentLinkedQueue<Pending<T>> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean committing = new AtomicBoolean();
  private final Object ended = new Object();

  /** An item waiting for its commit, and how that went. */
  private static final class Pending<T> {
    final T item;
    volatile boolean done;
    volatile RuntimeException failure;

    Pending(T item) {
      this.item = item;
    }
  }

  /**
   * @param maxBatch the most items one commit takes
   * @param commit commits a batch in a transaction of its own, in the order given; throws if it
   *     failed
   */
  public GroupCommit(int maxBatch, Consumer<List<T>> commit) {
    this.maxBatch = maxBatch;
    this.commit = commit;
  }

  /** Commits {@code item} with whatever else waits; returns once that commit has succeeded. */
  public void submit(T item) {
    Pending<T> pending = new Pending<>(item);
    waiting.add(pending);
    while (!pending.done) {
      if (committing.compareAndSet(false, true)) {
        try {
          commitWaiting();
        } finally {
          committing.set(false);
          synchronized (ended) {
            ended.notifyAll();
          }
        }
      } else {
        awaitCommit(pending);
      }
    }
    if (pending.failure != null) {
      throw pending.failure;
    }
  }

  private void awaitCommit(Pending<T> pending) {
    synchronized (ended) {
      while (!pending.done && committing.get()) {
        try {
          ended.wait(WAIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void commitWaiting() {
    List<Pending<T>> batch = new ArrayList<>();
    Pending<T> next;
    while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    RuntimeException failure = null;
    try {
      commit.accept(batch.stream().map(p -> p.item).toList());
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Pending<T> p : batch) {
      p.failure = failure;
      p.done = true;
    }
  }
}
