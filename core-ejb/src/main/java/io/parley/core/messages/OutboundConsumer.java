package io.parley.core.messages;

import io.parley.core.JndiNames;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Takes accepted messages off the outbound queue and sends each through {@link OutboundService} in
 * the delivery's transaction: a failure rolls back and the broker delivers it again.
 */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(
          propertyName = "destinationLookup",
          propertyValue = JndiNames.OUTBOUND_QUEUE),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "32")
    })
public class OutboundConsumer implements MessageListener {

  @EJB OutboundService outbound;

  @Override
  public void onMessage(Message message) {
    try {
      outbound.send(
          message.getStringProperty(OutboundQueue.MESSAGE_ID),
          message.getBooleanProperty(OutboundQueue.MEDIA));
    } catch (JMSException e) {
      throw new IllegalStateException("unreadable outbound message", e);
    }
  }
}
