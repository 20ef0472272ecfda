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
import java.util.List;

/**
 * Hands frames the network stored for Parley to the persistent inbound queue, in one transaction
 * per batch. Messages and user events of one peer share a message group, so they are processed in
 * arrival order. The receipts of a batch travel together as one queue message and are handled in
 * one transaction: a status only ever moves forward, so their order across peers does not matter.
 */
@Stateless
public class InboundQueue {

  /** The JMS property naming a frame's peer; also its message group. */
  public static final String PEER = "JMSXGroupID";

  /** The JMS property of a queue message holding receipts: how many. */
  public static final String RECEIPTS = "receipts";

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
