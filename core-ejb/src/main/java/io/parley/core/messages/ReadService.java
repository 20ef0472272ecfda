package io.parley.core.messages;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.network.NetworkSession;
import io.parley.core.network.NetworkUnavailableException;
import io.parley.persistence.messages.Message;
import io.parley.persistence.messages.MessageRepository;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Payload;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * {@code PUT /v1/messages/{id}}: marks an inbound message read and sends the read receipt to its
 * sender's device. Marking it again changes nothing.
 */
@Stateless
public class ReadService {

  @Inject MessageRepository messages;
  @EJB NetworkSession network;

  public void markRead(String id) {
    Message message =
        messages
            .lock(id)
            .filter(m -> m.getDirection() == Message.Direction.INBOUND)
            .orElseThrow(() -> ApiException.notFound("No received message has the id " + id));
    if (!message.markRead(System.currentTimeMillis())) {
      return;
    }
    int code;
    try {
      code =
          network.send(
              new Payload.Receipt(
                  id,
                  "",
                  message.getPeer(),
                  Payload.ReceiptStatus.READ,
                  System.currentTimeMillis()));
    } catch (NetworkUnavailableException e) {
      throw new ApiException(ErrorCode.SERVICE_NOT_READY, "The network cannot be reached now");
    }
    if (code != ErrorCodes.OK) {
      throw new ApiException(
          ErrorCode.USER_NOT_VALID, "The network refused the read receipt (code " + code + ")");
    }
  }
}
