package io.parley.core.network;

import io.parley.core.JndiNames;
import io.parley.core.config.ParleyConfig;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.WireFormatException;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import java.util.UUID;

/**
 * A network request made on a node that has no network connection of its own (a WebApp, or a
 * CoreApp that serves no shard): it goes to a node that has one over the network requests queue,
 * and the answer comes back on the answers queue under the request's correlation id. Requests are
 * not persistent and live no longer than the network time-out: a request nobody answered in time
 * fails as if the network had not answered.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RemoteNetwork {

  /** Set on an answer when the answering node could not reach the network. */
  static final String FAILURE = "failure";

  @Resource(lookup = JndiNames.CONNECTION_FACTORY)
  ConnectionFactory connectionFactory;

  @Resource(lookup = JndiNames.NETWORK_REQUESTS_QUEUE)
  Queue requests;

  @Resource(lookup = JndiNames.NETWORK_ANSWERS_QUEUE)
  Queue answers;

  @Inject ParleyConfig config;

  /** Sends {@code payload} through another node and waits for the frame that answers it. */
  public Frame request(Payload payload) {
    long timeout = config.networkTimeout().toMillis();
    String correlation = UUID.randomUUID().toString();
    try (JMSContext context = connectionFactory.createContext();
        JMSConsumer answer =
            context.createConsumer(answers, "JMSCorrelationID = '" + correlation + "'")) {
      BytesMessage request = context.createBytesMessage();
      request.writeBytes(new Frame(1, payload).encode());
      request.setJMSCorrelationID(correlation);
      context
          .createProducer()
          .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
          .setTimeToLive(timeout)
          .send(requests, request);
      Message reply = answer.receive(timeout);
      if (reply == null) {
        throw new NetworkUnavailableException("no node with a network connection answered in time");
      }
      if (reply.propertyExists(FAILURE)) {
        throw new NetworkUnavailableException(reply.getStringProperty(FAILURE));
      }
      return Frame.decode(reply.getBody(byte[].class));
    } catch (JMSException | WireFormatException e) {
      throw new NetworkUnavailableException("the request to another node failed", e);
    }
  }

  /** Answers {@code request} with {@code answer}, or with {@code failure} when that is null. */
  public void answer(Message request, Frame answer, String failure) throws JMSException {
    try (JMSContext context = connectionFactory.createContext()) {
      BytesMessage reply = context.createBytesMessage();
      reply.setJMSCorrelationID(request.getJMSCorrelationID());
      if (answer != null) {
        reply.writeBytes(answer.encode());
      } else {
        reply.setStringProperty(FAILURE, failure);
      }
      context
          .createProducer()
          .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
          .setTimeToLive(config.networkTimeout().toMillis())
          .send(answers, reply);
    }
  }
}
