package io.parley.core.messages;

import io.parley.persistence.messages.Message;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit of accepted messages: every message accepted while a transaction is committing waits
 * for the next one, so that one transaction stores and queues them all ({@link MessageStore}). The
 * caller's thread does the work: the first caller to find no commit running commits what waits, up
 * to {@link #MAX_BATCH} messages, and the others wait for it; nobody returns before the transaction
 * holding its message has committed, and a failed commit fails every message in it. Under light
 * load each message has a transaction of its own, as before; under heavy load a commit (two-phase,
 * database and broker) is shared by many.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MessageIntake {

  static final int MAX_BATCH = 50;

  /** How long a waiting caller sleeps at most before it looks again (a safety net only). */
  private static final long WAIT_MILLIS = 100;

  @EJB MessageStore store;

  private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean committing = new AtomicBoolean();
  private final Object committed = new Object();

  /** A message waiting for its commit, and how that went. */
  private static final class Pending {
    final Message message;
    volatile boolean done;
    volatile RuntimeException failure;

    Pending(Message message) {
      this.message = message;
    }
  }

  /**
   * Stores {@code message} and puts it on the outbound queue in one transaction, shared with the
   * messages accepted at the same time; returns once that transaction has committed.
   */
  public void accept(Message message) {
    Pending pending = new Pending(message);
    waiting.add(pending);
    while (!pending.done) {
      if (committing.compareAndSet(false, true)) {
        try {
          commitWaiting();
        } finally {
          committing.set(false);
          synchronized (committed) {
            committed.notifyAll();
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

  private void awaitCommit(Pending pending) {
    synchronized (committed) {
      while (!pending.done && committing.get()) {
        try {
          committed.wait(WAIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void commitWaiting() {
    List<Pending> batch = new ArrayList<>();
    Pending next;
    while (batch.size() < MAX_BATCH && (next = waiting.poll()) != null) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    RuntimeException failure = null;
    try {
      store.store(batch.stream().map(p -> p.message).toList());
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Pending p : batch) {
      p.failure = failure;
      p.done = true;
    }
  }
}
