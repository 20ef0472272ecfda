package io.parley.core.transactions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 * <p>A commit may linger: wait a moment, once its lane is free, for more items to join it. Where
 * the callers can afford the wait (an answer recorded in the background), that trades a little
 * latency for fewer transactions; a lone item then waits that long for its commit.
 *
 * <p>A commit that ends wakes only the callers whose items it held, and the first caller still
 * waiting for a commit (who then starts the next): under load, many callers wait at once, and
 * waking them all at every commit would cost a context switch each for nothing.
 *
 * @param <T> what is committed
 */
public final class GroupCommit<T> {

  /** How long a waiting caller sleeps at most before it looks again (a safety net only). */
  private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final long MILLISECOND = TimeUnit.MILLISECONDS.toNanos(1);

  private final int maxBatch;
  private final int lanes;
  private final long lingerNanos;
  private final Consumer<List<T>> commit;
  private final ConcurrentLinkedQueue<Pending<T>> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger running = new AtomicInteger();

  /** An item waiting for its commit, the caller waiting with it, and how that went. */
  private static final class Pending<T> {
    final T item;
    final Thread caller = Thread.currentThread();
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
    this(maxBatch, lanes, Duration.ZERO, commit);
  }

  /**
   * @param maxBatch the most items one commit takes
   * @param lanes the most commits running at once
   * @param linger how long a commit waits, once its lane is free, for more items to join it (unless
   *     a batch is already waiting): fewer, larger transactions for that much more latency
   * @param commit commits a batch in a transaction of its own, in the order given; throws if it
   *     failed
   */
  public GroupCommit(int maxBatch, int lanes, Duration linger, Consumer<List<T>> commit) {
    this.maxBatch = maxBatch;
    this.lanes = lanes;
    this.lingerNanos = linger.toNanos();
    this.commit = commit;
  }

  /** Commits {@code item} with whatever else waits; returns once that commit has succeeded. */
  public void submit(T item) {
    Pending<T> pending = new Pending<>(item);
    waiting.add(pending);
    boolean interrupted = false;
    while (!pending.done) {
      if (!pending.taken && enterLane()) {
        try {
          commitWaiting();
        } finally {
          running.decrementAndGet();
          // Whoever waits first now starts the next commit; one who comes later finds the lane free
          wakeFirstWaiting();
        }
      } else {
        LockSupport.parkNanos(this, WAIT_NANOS);
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
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

  private void commitWaiting() {
    linger();
    List<Pending<T>> batch = new ArrayList<>();
    Pending<T> next;
    while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
      next.taken = true;
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    if (running.get() < lanes) {
      // More wait than one commit takes, and another lane is free: the first of them starts it
      wakeFirstWaiting();
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
      if (p.caller != Thread.currentThread()) {
        LockSupport.unpark(p.caller);
      }
    }
  }

  /** Wakes the caller whose item waits first for a commit, if any. */
  private void wakeFirstWaiting() {
    Pending<T> first = waiting.peek();
    if (first != null) {
      LockSupport.unpark(first.caller);
    }
  }

  /** Waits out the linger, or until a whole batch waits. */
  private void linger() {
    if (lingerNanos <= 0) {
      return;
    }
    long deadline = System.nanoTime() + lingerNanos;
    boolean interrupted = false;
    for (long left = lingerNanos; left > 0; left = deadline - System.nanoTime()) {
      if (waiting.size() >= maxBatch) {
        break;
      }
      // Items that arrive do not wake the committer: it looks again every millisecond at most
      LockSupport.parkNanos(this, Math.min(left, MILLISECOND));
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
