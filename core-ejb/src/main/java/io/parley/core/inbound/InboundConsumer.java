package io.parley.core.inbound;

import io.parley.core.JndiNames;
import io.parley.core.network.InboundQueue;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes network frames off the inbound queue and hands them to {@link InboundService}: one frame,
 * or the receipts of one batch together.
 */
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
      if (bytes.propertyExists(InboundQueue.RECEIPTS)) {
        int count = bytes.getIntProperty(InboundQueue.RECEIPTS);
        List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          byte[] frame = new byte[bytes.readInt()];
          bytes.readBytes(frame);
          frames.add(frame);
        }
        inbound.handleReceipts(frames);
        return;
      }
      byte[] frame = new byte[(int) bytes.getBodyLength()];
      bytes.readBytes(frame);
      inbound.handle(frame);
    } catch (JMSException e) {
      throw new IllegalStateException("unreadable inbound frame", e);
    }
  }
}
