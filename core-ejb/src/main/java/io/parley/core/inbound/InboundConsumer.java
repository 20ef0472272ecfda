package io.parley.core.inbound;

import io.parley.core.JndiNames;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/** Takes network frames off the inbound queue and hands each to {@link InboundService}. */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(
          propertyName = "destinationLookup",
          propertyValue = JndiNames.INBOUND_QUEUE),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")
    })
public class InboundConsumer implements MessageListener {

  @EJB InboundService inbound;

  @Override
  public void onMessage(Message message) {
    try {
      BytesMessage bytes = (BytesMessage) message;
      byte[] frame = new byte[(int) bytes.getBodyLength()];
      bytes.readBytes(frame);
      inbound.handle(frame);
    } catch (JMSException e) {
      throw new IllegalStateException("unreadable inbound frame", e);
    }
  }
}
