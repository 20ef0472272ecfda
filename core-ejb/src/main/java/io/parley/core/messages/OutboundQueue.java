package io.parley.core.messages;

import io.parley.core.JndiNames;
import io.parley.persistence.messages.Message;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.List;

/**
 * The outbound queue from the WebApp to the CoreApp. Messages to one recipient share a message
 * group, so one consumer sends them in the order they were accepted. Joins the caller's
 * transaction.
 */
@Stateless
public class OutboundQueue {

  static final String MESSAGE_ID = "messageId";
  static final String GROUP = "JMSXGroupID";

  /** True on a media message, whose file is uploaded before it is encrypted. */
  static final String MEDIA = "media";

  @Resource(lookup = JndiNames.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Resource(lookup = JndiNames.OUTBOUND_QUEUE)
  Queue queue;

  /** Queues {@code messages}, in this order, with one connection. */
  public void sendAll(List<Message> messages) {
    try (JMSContext context = connectionFactory.createContext()) {
      JMSProducer producer = context.createProducer();
      for (Message message : messages) {
        TextMessage trigger = context.createTextMessage();
        trigger.setStringProperty(MESSAGE_ID, message.getId());
        trigger.setStringProperty(GROUP, message.getPeer());
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
