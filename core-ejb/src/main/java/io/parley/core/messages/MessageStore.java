package io.parley.core.messages;

import io.parley.persistence.messages.Message;
import io.parley.persistence.messages.MessageRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;

/** Stores accepted messages and puts them on the outbound queue, in one JTA transaction. */
@Stateless
public class MessageStore {

  @Inject MessageRepository messages;
  @EJB OutboundQueue queue;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void store(List<Message> accepted) {
    for (Message message : accepted) {
      messages.add(message);
    }
    queue.sendAll(accepted);
  }
}
