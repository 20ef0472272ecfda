package io.parley.core.network;

import io.parley.core.JndiNames;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hands frames the network stored for Parley to the persistent inbound queue, in one transaction
 * per batch. Messages and user events of one peer share a message group, so they are processed in
 * arrival order. The receipts of a batch travel together as one queue message and are handled in
 * one transaction: a status only ever moves forward, so their order across peers does not matter.
 * The same queue carries the auto-downloads of received media, each the second step of the message
 * that brought the file.
 */
@Stateless
public class InboundQueue {

  /** The JMS property naming a frame's peer; also its message group. */
  public static final String PEER = "JMSXGroupID";

  /** The JMS property of a queue message holding receipts: how many. */
  public static final String RECEIPTS = "receipts";

  /**
   * The JMS property of a queue message asking for the auto-download of received media: its media
   * id. The body is the webhook payload (JSON, UTF-8) to queue once the file is stored.
   */
  public static final String MEDIA_DOWNLOAD = "media_download";

  @Resource(lookup = JndiNames.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Resource(lookup = JndiNames.INBOUND_QUEUE)
  Queue queue;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void enqueue(List<Frame> frames) {
    try (JMSContext context = connectionFactory.createContext()) {
      JMSProducer producer = context.createProducer();
      BytesMessage receipts = context.createBytesMessage();
      int receiptCount = 0;
      for (Frame frame : frames) {
        if (frame.payload() instanceof Payload.Receipt) {
          byte[] encoded = frame.encode();
          receipts.writeInt(encoded.length);
          receipts.writeBytes(encoded);
          receiptCount++;
          continue;
        }
        BytesMessage message = context.createBytesMessage();
        message.writeBytes(frame.encode());
        message.setStringProperty(PEER, peer(frame.payload()));
        producer.send(queue, message);
      }
      if (receiptCount > 0) {
        receipts.setIntProperty(RECEIPTS, receiptCount);
        producer.send(queue, receipts);
      }
    } catch (JMSException e) {
      throw new IllegalStateException("could not queue inbound frames", e);
    }
  }

  /**
   * Asks, in the caller's transaction, for the auto-download of media {@code mediaId}, after which
   * {@code callback} is queued. No message group: downloads of one sender need not wait for each
   * other, nor hold up the sender's other messages.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public void enqueueDownload(String mediaId, JsonObject callback) {
    try (JMSContext context = connectionFactory.createContext()) {
      BytesMessage message = context.createBytesMessage();
      message.writeBytes(callback.toString().getBytes(StandardCharsets.UTF_8));
      message.setStringProperty(MEDIA_DOWNLOAD, mediaId);
      context.createProducer().send(queue, message);
    } catch (JMSException e) {
      throw new IllegalStateException("could not queue the download of media " + mediaId, e);
    }
  }

  private static String peer(Payload payload) {
    if (payload instanceof Payload.Message message) {
      return message.from();
    }
    if (payload instanceof Payload.UserEvent event) {
      return event.account();
    }
    return "";
  }
}
