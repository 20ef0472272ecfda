package io.parley.core.webhooks;

import io.parley.core.JndiNames;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * Takes signals and triggers off the callbacks queue and hands them to {@link WebhookService}. It
 * runs outside a transaction: each step of a delivery commits on its own, and a trigger lost in a
 * crash is replaced by {@link CallbackSweeper}.
 */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(
          propertyName = "destinationLookup",
          propertyValue = JndiNames.CALLBACKS_QUEUE),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "16")
    })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookConsumer implements MessageListener {

  @EJB WebhookService webhooks;
  @EJB CallbackSignal signal;

  @Override
  public void onMessage(Message message) {
    try {
      if (message.propertyExists(CallbackQueue.DUE)) {
        signal.taken();
        webhooks.deliverDue();
      } else if (message.propertyExists(CallbackQueue.CALLBACK_ID)) {
        webhooks.deliverStored(message.getLongProperty(CallbackQueue.CALLBACK_ID));
      } else {
        webhooks.deliverTransient(
            ((TextMessage) message).getText(), message.getIntProperty(CallbackQueue.ATTEMPTS));
      }
    } catch (JMSException e) {
      throw new IllegalStateException("unreadable callback trigger", e);
    }
  }
}
