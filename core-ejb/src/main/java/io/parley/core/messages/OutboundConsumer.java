package io.parley.core.messages;

import jakarta.ejb.EJB;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Takes accepted messages off the outbound queue and sends each through {@link OutboundService}.
 * The delivery is in no transaction: the resource adapter acknowledges it once this returns, and
 * when this throws (the network unreachable) it rolls the session back and the broker delivers the
 * message again. {@link OutboundService} commits everything it records on its own, and a delivery
 * repeated after a crash sends the stored ciphertext again or nothing, so a transaction around the
 * delivery would add only the broker's XA work for each message. Deployed as one message-driven
 * bean per shard ({@code OutboundShard0} to {@code OutboundShard31} in {@code ejb-jar.xml}), each
 * selecting its shard's messages.
 */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
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
