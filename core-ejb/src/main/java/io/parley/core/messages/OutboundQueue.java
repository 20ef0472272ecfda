package io.parley.core.messages;

import io.parley.core.JndiNames;
import io.parley.core.account.AccountService;
import io.parley.persistence.messages.Message;
import io.parley.protocol.wire.Shards;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.List;

/**
 * The outbound queue from the WebApp to the CoreApp. Each message carries its recipient's shard, so
 * that the node holding the shard sends it; messages to one recipient share a message group, so one
 * consumer sends them in the order they were accepted. Joins the caller's transaction.
 */
@Stateless
public class OutboundQueue {

  static final String MESSAGE_ID = "messageId";
  static final String GROUP = "JMSXGroupID";

  /** True on a media message, whose file is uploaded before it is encrypted. */
  static final String MEDIA = "media";

  /** The recipient's shard: only the consumer of the node holding it takes the message. */
  static final String SHARD = "shard";

  @Resource(lookup = JndiNames.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Resource(lookup = JndiNames.OUTBOUND_QUEUE)
  Queue queue;

  @EJB AccountService accounts;

  /** Queues {@code messages}, in this order, with one connection. */
  public void sendAll(List<Message> messages) {
    int shards = accounts.shards();
    try (JMSContext context = connectionFactory.createContext()) {
      JMSProducer producer = context.createProducer();
      for (Message message : messages) {
        TextMessage trigger = context.createTextMessage();
        trigger.setStringProperty(MESSAGE_ID, message.getId());
        int shard = Shards.of(message.getPeer(), shards);
        // The group names the shard too: a group bound to one shard's consumer never holds back a
        // message for another shard (after the shard count changed).
        trigger.setStringProperty(GROUP, shard + ":" + message.getPeer());
        trigger.setIntProperty(SHARD, shard);
        if (MessageType.of(message.getType()).map(MessageType::isMedia).orElse(false)) {
          trigger.setBooleanProperty(MEDIA, true);
        }
        producer.send(queue, trigger);
      }
    } catch (JMSException e) {
      throw new IllegalStateException("could not queue " + messages.size() + " messages", e);
    }
  }
}
