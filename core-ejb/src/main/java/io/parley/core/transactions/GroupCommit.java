package io.parley.core.transactions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Group commit: items submitted while a commit is running wait for the next one, so that one
 * transaction takes them all. The callers' threads do the work: the first caller to find a lane
 * free (no commit running, with one lane) commits what waits, up to a batch, and the others wait
 * for it. Nobody returns before the commit holding its item has ended, and a failed commit fails
 * every item in it. Under light load each item has a commit of its own; under heavy load one commit
 * serves many. With two lanes a new item need not wait for a running commit to end: its commit
 * overlaps it, for lower latency at the cost of smaller batches; items of overlapping commits have
 * no order between them.
 *
 * @param <T> what is committed
 */
public final class GroupCommit<T> {

  /** How long a waiting caller sleeps at most before it looks again (a safety net only). */
  private static final long WAIT_MILLIS = 100;

  private final int maxBatch;
  private final int lanes;
  private final Consumer<List<T>> commit;
  private final ConcurrentLinkedQueue<Pending<T>> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger running = new AtomicInteger();
  private final Object ended = new Object();

  /** An item waiting for its commit, and how that went. */
  private static final class Pending<T> {
    final T item;
    volatile boolean taken;
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
    this(maxBatch, 1, commit);
  }

  /**
   * @param maxBatch the most items one commit takes
   * @param lanes the most commits running at once
   * @param commit commits a batch in a transaction of its own, in the order given; throws if it
   *     failed
   */
  public GroupCommit(int maxBatch, int lanes, Consumer<List<T>> commit) {
    this.maxBatch = maxBatch;
    this.lanes = lanes;
    this.commit = commit;
  }

  /** Commits {@code item} with whatever else waits; returns once that commit has succeeded. */
  public void submit(T item) {
    Pending<T> pending = new Pending<>(item);
    waiting.add(pending);
    while (!pending.done) {
      if (!pending.taken && enterLane()) {
        try {
          commitWaiting();
        } finally {
          running.decrementAndGet();
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

  private boolean enterLane() {
    int now;
    do {
      now = running.get();
      if (now >= lanes) {
        return false;
      }
    } while (!running.compareAndSet(now, now + 1));
    return true;
  }

  /** Waits until the item's commit has ended or, while nobody has taken it, a lane is free. */
  private void awaitCommit(Pending<T> pending) {
    synchronized (ended) {
      while (!pending.done && (pending.taken || running.get() >= lanes)) {
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
      next.taken = true;
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
