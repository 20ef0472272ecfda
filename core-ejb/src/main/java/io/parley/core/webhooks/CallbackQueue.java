package io.parley.core.webhooks;

import io.parley.core.JndiNames;
import io.parley.core.transactions.AfterTransaction;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The callbacks queue: a trigger naming a stored callback, a signal to deliver whatever is due, or
 * (without {@code callback_persist}) the payload itself, sent non-persistently.
 *
 * <p>What a database transaction asks for is sent once it has committed ({@link
 * #triggerAfterCommit}, {@link #sendTransientAfterCommit}), so that the broker takes no part in it
 * and it commits in one phase: a node killed in the middle leaves nothing prepared, in the database
 * or the broker, for a survivor to wait on. A send lost between the commit and the broker is found
 * by {@link CallbackSweeper} for a stored callback, and is lost with the broker's memory for a
 * transient one, which is what {@code callback_persist} off allows.
 */
@Stateless
public class CallbackQueue {

  private static final Logger LOG = Logger.getLogger(CallbackQueue.class);

  /** The sends waiting for the current transaction's commit. */
  private static final Object AFTER_COMMIT = new Object();

  /** The JMS property naming a stored callback. */
  static final String CALLBACK_ID = "callbackId";

  /** The JMS property marking a signal: deliver whatever stored callbacks are due. */
  static final String DUE = "due";

  /** The JMS property counting a transient callback's failed attempts. */
  static final String ATTEMPTS = "attempts";

  @Resource(lookup = JndiNames.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Resource(lookup = JndiNames.CALLBACKS_QUEUE)
  Queue queue;

  @Resource TransactionSynchronizationRegistry transactions;
  @Resource ManagedExecutorService executor;
  @Resource SessionContext context;

  /** {@link #trigger} once the caller's transaction has committed; at once without one. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public void triggerAfterCommit(long id, long delayMillis) {
    afterCommit(queue -> queue.trigger(id, delayMillis));
  }

  /** {@link #sendTransient} once the caller's transaction has committed; at once without one. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public void sendTransientAfterCommit(String payload) {
    afterCommit(queue -> queue.sendTransient(payload, 0, 0));
  }

  /**
   * Runs {@code send} on this bean outside any transaction once the caller's has committed, in the
   * order asked, on another thread (the committing one still has the ended transaction); nothing
   * when it rolls back. Without a transaction, at once.
   */
  private void afterCommit(Consumer<CallbackQueue> send) {
    CallbackQueue self = context.getBusinessObject(CallbackQueue.class);
    if (transactions.getTransactionKey() == null) {
      send.accept(self);
      return;
    }
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      // Marked for rollback: what it asked for goes with it.
      return;
    }
    @SuppressWarnings("unchecked")
    List<Consumer<CallbackQueue>> waiting =
        (List<Consumer<CallbackQueue>>) transactions.getResource(AFTER_COMMIT);
    if (waiting != null) {
      waiting.add(send);
      return;
    }
    List<Consumer<CallbackQueue>> sends = new ArrayList<>();
    sends.add(send);
    transactions.putResource(AFTER_COMMIT, sends);
    AfterTransaction.onCommit(
        transactions,
        () -> {
          try {
            executor.execute(() -> sendAll(self, sends));
          } catch (RejectedExecutionException e) {
            LOG.warnf("Could not queue %d callback sends: %s", sends.size(), e.getMessage());
          }
        });
  }

  private static void sendAll(CallbackQueue self, List<Consumer<CallbackQueue>> sends) {
    for (Consumer<CallbackQueue> send : sends) {
      try {
        send.accept(self);
      } catch (RuntimeException e) {
        LOG.warnf("A callback send after commit failed: %s", e.getMessage());
      }
    }
  }

  /** Asks for the stored callback {@code id} to be delivered in {@code delayMillis}. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void trigger(long id, long delayMillis) {
    try (JMSContext context = connectionFactory.createContext()) {
      TextMessage message = context.createTextMessage();
      message.setLongProperty(CALLBACK_ID, id);
      producer(context, delayMillis).send(queue, message);
    } catch (JMSException e) {
      throw new IllegalStateException("could not queue callback " + id, e);
    }
  }

  /**
   * Sends a signal that has a delivery take whatever stored callbacks are due, at once and outside
   * any transaction: it is a wake-up, not a record, so it is not persisted.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void signal() {
    try (JMSContext context = connectionFactory.createContext()) {
      TextMessage message = context.createTextMessage();
      message.setBooleanProperty(DUE, true);
      context.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT).send(queue, message);
    } catch (JMSException e) {
      throw new IllegalStateException("could not signal the callbacks queue", e);
    }
  }

  /** Queues a callback that lives only in the broker's memory. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void sendTransient(String payload, int attempts, long delayMillis) {
    try (JMSContext context = connectionFactory.createContext()) {
      TextMessage message = context.createTextMessage(payload);
      message.setIntProperty(ATTEMPTS, attempts);
      producer(context, delayMillis)
          .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
          .send(queue, message);
    } catch (JMSException e) {
      throw new IllegalStateException("could not queue a callback", e);
    }
  }

  private static JMSProducer producer(JMSContext context, long delayMillis) {
    JMSProducer producer = context.createProducer();
    if (delayMillis > 0) {
      producer.setDeliveryDelay(delayMillis);
    }
    return producer;
  }
}
