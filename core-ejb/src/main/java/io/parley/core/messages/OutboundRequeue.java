package io.parley.core.messages;

import io.parley.core.JndiNames;
import io.parley.protocol.wire.Shards;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;

/**
 * After the shard count went down, messages still queued for a shard that no longer exists have no
 * consumer: this moves them to their recipient's shard under the new count, in their queue order.
 */
@Stateless
public class OutboundRequeue {

  /** The most messages moved in one transaction. */
  public static final int BATCH = 500;

  private static final long WAIT_MILLIS = 200;

  @Resource(lookup = JndiNames.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Resource(lookup = JndiNames.OUTBOUND_QUEUE)
  Queue queue;

  /** Moves up to {@link #BATCH} messages queued for shards {@code shards} and above: how many. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int requeue(int shards) {
    int moved = 0;
    try (JMSContext context = connectionFactory.createContext();
        JMSConsumer stranded =
            context.createConsumer(queue, OutboundQueue.SHARD + " >= " + shards)) {
      JMSProducer producer = context.createProducer();
      Message message;
      while (moved < BATCH && (message = stranded.receive(WAIT_MILLIS)) != null) {
        String group = message.getStringProperty(OutboundQueue.GROUP);
        String peer = group.substring(group.indexOf(':') + 1);
        int shard = Shards.of(peer, shards);
        TextMessage copy = context.createTextMessage();
        copy.setStringProperty(
            OutboundQueue.MESSAGE_ID, message.getStringProperty(OutboundQueue.MESSAGE_ID));
        copy.setStringProperty(OutboundQueue.GROUP, shard + ":" + peer);
        copy.setIntProperty(OutboundQueue.SHARD, shard);
        if (message.propertyExists(OutboundQueue.MEDIA)) {
          copy.setBooleanProperty(
              OutboundQueue.MEDIA, message.getBooleanProperty(OutboundQueue.MEDIA));
        }
        producer.send(queue, copy);
        moved++;
      }
    } catch (JMSException e) {
      throw new IllegalStateException("could not move stranded outbound messages", e);
    }
    return moved;
  }
}
