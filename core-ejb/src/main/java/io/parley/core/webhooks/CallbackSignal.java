package io.parley.core.webhooks;

import io.parley.core.transactions.AfterTransaction;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Starts webhook deliveries for new callbacks: once a transaction that stored callbacks has ended,
 * a signal on the callbacks queue has a delivery take whatever is due. Signals are coalesced: at
 * most one waits on the queue. None is sent while a delivery is already taking what is due and its
 * last batch was not full (it takes the new callbacks after its post, together, instead of a second
 * delivery posting them alone), nor while every posting permit is taken; a signal held back so is
 * sent when such a delivery ends. Deliveries are added only while the batches come back full.
 *
 * <p>The callback rows are the durable part; a signal is only a wake-up, sent without a transaction
 * and without persistence. Should one be lost, {@link CallbackSweeper} finds what is overdue.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CallbackSignal {

  private static final Logger LOG = Logger.getLogger(CallbackSignal.class);
  private static final Object REGISTERED = new Object();

  @Resource TransactionSynchronizationRegistry transactions;
  @Resource ManagedExecutorService executor;
  @EJB CallbackQueue queue;
  @EJB WebhookSender sender;

  private final AtomicBoolean waiting = new AtomicBoolean();
  private final AtomicBoolean heldBack = new AtomicBoolean();
  private final AtomicInteger draining = new AtomicInteger();
  private volatile boolean backlog;

  /**
   * Signals once the caller's transaction has ended (at once without one), once per transaction.
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public void afterTransaction() {
    if (transactions.getTransactionKey() == null) {
      signal();
      return;
    }
    if (transactions.getResource(REGISTERED) != null) {
      return;
    }
    transactions.putResource(REGISTERED, Boolean.TRUE);
    AfterTransaction.run(transactions, this::signal);
  }

  /** Has a delivery look for due callbacks, unless one will anyway. */
  public void signal() {
    if (held()) {
      heldBack.set(true);
      if (held()) {
        // The delivery still running sends it when it ends (drained).
        return;
      }
      heldBack.set(false);
    }
    if (!waiting.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::send);
    } catch (RuntimeException e) {
      waiting.set(false);
      LOG.debugf("Could not schedule a callback signal: %s", e.getMessage());
    }
  }

  /** A delivery holding a posting permit starts taking what is due. */
  public void draining() {
    draining.incrementAndGet();
  }

  /**
   * A delivery claimed a batch: a full one means more is waiting than one delivery keeps up with.
   */
  public void claimed(boolean full) {
    backlog = full;
  }

  /**
   * A delivery let go of its permit; it signals for what came meanwhile, or when it stopped before
   * it had taken everything that was due ({@code cutShort}: its time was up, or it failed).
   */
  public void drained(boolean cutShort) {
    draining.decrementAndGet();
    if (heldBack.getAndSet(false) || cutShort) {
      signal();
    }
  }

  private boolean held() {
    return sender.saturated() || (draining.get() > 0 && !backlog);
  }

  /** A signal was taken off the queue: the next new callback sends another. */
  public void taken() {
    waiting.set(false);
  }

  private void send() {
    try {
      queue.signal();
    } catch (RuntimeException e) {
      waiting.set(false);
      LOG.debugf("Could not send a callback signal: %s", e.getMessage());
    }
  }
}
