package io.parley.core.inbound;

import io.parley.core.JndiNames;
import io.parley.core.media.ReceivedMediaService;
import io.parley.core.network.InboundQueue;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes network frames off the inbound queue and hands them to {@link InboundService}: one frame,
 * or the receipts of one batch together, each handled in a database transaction of its own that
 * commits before the delivery does; an auto-download the frame asks for is queued in the delivery's
 * transaction, which involves only the broker. The auto-downloads themselves go to {@link
 * ReceivedMediaService}, which runs them outside the delivery's transaction and throws when the
 * broker is to deliver them again.
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

  /** Set by the broker on every delivery: 1 the first time, more on redeliveries. */
  private static final String DELIVERY_COUNT = "JMSXDeliveryCount";

  @EJB InboundService inbound;
  @EJB ReceivedMediaService receivedMedia;
  @EJB InboundQueue queue;

  @Override
  public void onMessage(Message message) {
    try {
      BytesMessage bytes = (BytesMessage) message;
      if (bytes.propertyExists(InboundQueue.MEDIA_DOWNLOAD)) {
        byte[] callback = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(callback);
        receivedMedia.autoDownload(
            bytes.getStringProperty(InboundQueue.MEDIA_DOWNLOAD),
            new String(callback, StandardCharsets.UTF_8),
            bytes.getIntProperty(DELIVERY_COUNT));
        return;
      }
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
      inbound
          .handle(frame)
          .ifPresent(download -> queue.enqueueDownload(download.mediaId(), download.callback()));
    } catch (JMSException e) {
      throw new IllegalStateException("unreadable inbound frame", e);
    }
  }
}
