package io.parley.core.messages;

import io.parley.core.network.NetworkSession;
import io.parley.persistence.messages.Message;
import io.parley.persistence.messages.MessageRepository;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Payload;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Sends one accepted message through the network: has it encrypted for its recipient ({@link
 * MessageSealer}, X3DH on first contact), sends the ciphertext, and records the network's answer as
 * the {@code sent} or {@code failed} status. Runs in the consumer's transaction: when the network
 * is unreachable the status is not recorded, the delivery rolls back and the same ciphertext is
 * sent again later.
 */
@Stateless
public class OutboundService {

  @Inject MessageRepository messages;
  @EJB MessageSealer sealer;
  @EJB NetworkSession network;
  @EJB StatusService statuses;

  public void send(String messageId) {
    Optional<byte[]> ciphertext = sealer.seal(messageId);
    if (ciphertext.isEmpty()) {
      return;
    }
    Optional<Message> found = messages.lock(messageId);
    if (found.isEmpty() || found.get().getStatus() != Message.Status.QUEUED) {
      return;
    }
    Message message = found.get();
    ContentMapper.Mapped mapped = ContentMapper.mapStored(ContentMapper.storedBody(message));
    int code =
        network.send(
            new Payload.Message(
                messageId,
                "",
                message.getPeer(),
                0,
                0,
                ciphertext.get(),
                mapped.content().kind(),
                mapped.template()));
    statuses.outbound(
        message,
        code == ErrorCodes.OK ? Message.Status.SENT : Message.Status.FAILED,
        code == ErrorCodes.OK ? 0 : code,
        System.currentTimeMillis());
  }
}
