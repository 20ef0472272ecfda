package io.parley.core.webhooks;

import io.parley.core.JndiNames;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;

/**
 * The callbacks queue: a trigger naming a stored callback, a signal to deliver whatever is due, or
 * (without {@code callback_persist}) the payload itself, sent non-persistently. Triggers and
 * transient callbacks join the caller's transaction.
 */
@Stateless
public class CallbackQueue {

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

  /** Asks for the stored callback {@code id} to be delivered in {@code delayMillis}. */
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
