package io.parley.core.messages;

import io.parley.core.JndiNames;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;

/**
 * The outbound queue from the WebApp to the CoreApp. Messages to one recipient share a message
 * group, so one consumer sends them in the order they were accepted. Joins the caller's
 * transaction.
 */
@Stateless
public class OutboundQueue {

  static final String MESSAGE_ID = "messageId";
  static final String GROUP = "JMSXGroupID";

  @Resource(lookup = JndiNames.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Resource(lookup = JndiNames.OUTBOUND_QUEUE)
  Queue queue;

  public void send(String messageId, String recipient) {
    try (JMSContext context = connectionFactory.createContext()) {
      TextMessage message = context.createTextMessage();
      message.setStringProperty(MESSAGE_ID, messageId);
      message.setStringProperty(GROUP, recipient);
      context.createProducer().send(queue, message);
    } catch (JMSException e) {
      throw new IllegalStateException("could not queue message " + messageId, e);
    }
  }
}
