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
 * per batch. Frames of one peer share a message group, so they are processed in arrival order.
 */
@Stateless
public class InboundQueue {

  /** The JMS property naming a frame's peer; also its message group. */
  public static final String PEER = "JMSXGroupID";

  @Resource(lookup = JndiNames.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Resource(lookup = JndiNames.INBOUND_QUEUE)
  Queue queue;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void enqueue(List<Frame> frames) {
    try (JMSContext context = connectionFactory.createContext()) {
      JMSProducer producer = context.createProducer();
      for (Frame frame : frames) {
        BytesMessage message = context.createBytesMessage();
        message.writeBytes(frame.encode());
        message.setStringProperty(PEER, peer(frame.payload()));
        producer.send(queue, message);
      }
    } catch (JMSException e) {
      throw new IllegalStateException("could not queue inbound frames", e);
    }
  }

  private static String peer(Payload payload) {
    if (payload instanceof Payload.Message message) {
      return message.from();
    }
    if (payload instanceof Payload.Receipt receipt) {
      return receipt.from();
    }
    if (payload instanceof Payload.UserEvent event) {
      return event.account();
    }
    return "";
  }
}
