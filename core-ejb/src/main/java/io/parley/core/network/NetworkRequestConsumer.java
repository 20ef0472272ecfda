package io.parley.core.network;

import io.parley.core.JndiNames;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.WireFormatException;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Answers the network requests of nodes without a network connection ({@link RemoteNetwork}) on a
 * node that has one: it runs only while this node has a connected shard.
 */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(
          propertyName = "destinationLookup",
          propertyValue = JndiNames.NETWORK_REQUESTS_QUEUE),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
    })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NetworkRequestConsumer implements MessageListener {

  @EJB NetworkSession network;
  @EJB RemoteNetwork remote;

  @Override
  public void onMessage(Message message) {
    try {
      Frame request = Frame.decode(message.getBody(byte[].class));
      Frame answer = null;
      String failure = null;
      try {
        answer = network.requestHere(request.payload());
      } catch (NetworkUnavailableException e) {
        failure = e.getMessage();
      }
      remote.answer(message, answer, failure);
    } catch (JMSException | WireFormatException e) {
      throw new IllegalStateException("unreadable network request", e);
    }
  }
}
