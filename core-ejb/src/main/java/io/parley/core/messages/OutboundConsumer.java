package io.parley.core.messages;

import jakarta.ejb.EJB;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Takes accepted messages off the outbound queue and sends each through {@link OutboundService} in
 * the delivery's transaction: a failure rolls back and the broker delivers it again. Deployed as
 * one message-driven bean per shard ({@code OutboundShard0} to {@code OutboundShard31} in {@code
 * ejb-jar.xml}), each selecting its shard's messages.
 */
public class OutboundConsumer implements MessageListener {

  @EJB OutboundService outbound;

  @Override
  public void onMessage(Message message) {
    try {
      outbound.send(
          message.getStringProperty(OutboundQueue.MESSAGE_ID),
          message.getBooleanProperty(OutboundQueue.MEDIA),
          message.getIntProperty(OutboundQueue.SHARD));
    } catch (JMSException e) {
      throw new IllegalStateException("unreadable outbound message", e);
    }
  }
}
