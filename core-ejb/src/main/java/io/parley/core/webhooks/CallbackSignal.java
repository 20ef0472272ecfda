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
import org.jboss.logging.Logger;

/**
 * Starts webhook deliveries for new callbacks: once a transaction that stored callbacks has ended,
 * a signal on the callbacks queue has a delivery take whatever is due. Signals are coalesced: at
 * most one waits on the queue, and none is sent while every posting permit is taken, since the
 * deliverers holding them go on while callbacks are due and look once more when they let go.
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
    if (sender.saturated() || !waiting.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::send);
    } catch (RuntimeException e) {
      waiting.set(false);
      LOG.debugf("Could not schedule a callback signal: %s", e.getMessage());
    }
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
