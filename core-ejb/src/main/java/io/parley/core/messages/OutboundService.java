package io.parley.core.messages;

import io.parley.core.network.NetworkSession;
import io.parley.persistence.messages.Message;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Payload;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Optional;

/**
 * Sends one accepted message through the network: has a media message's file uploaded to the
 * network's blob store ({@link OutboundMediaService}), has it encrypted for its recipient ({@link
 * MessageSealer} through {@link SealBatcher}, X3DH on first contact), sends the ciphertext, and has
 * the network's answer recorded as the {@code sent} or {@code failed} status ({@link
 * StatusRecorder}) before it returns and the consumer's delivery commits. When the network is
 * unreachable nothing is recorded, the delivery rolls back and the same ciphertext is sent again
 * later.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutboundService {

  @EJB OutboundMediaService attachments;
  @EJB SealBatcher sealing;
  @EJB NetworkSession network;
  @EJB StatusRecorder recorder;

  /**
   * Sends message {@code messageId} on shard {@code shard}'s connection; for a {@code media}
   * message its file is uploaded first ({@link OutboundMediaService}, outside any transaction,
   * once).
   */
  public void send(String messageId, boolean media, int shard) {
    if (media) {
      attachments.prepare(messageId);
    }
    Optional<MessageSealer.Sealed> sealed = sealing.seal(messageId);
    if (sealed.isEmpty()) {
      return;
    }
    MessageSealer.Sealed message = sealed.get();
    int code =
        network.send(
            shard,
            new Payload.Message(
                messageId,
                "",
                message.to(),
                0,
                0,
                message.ciphertext(),
                message.mapped().content().kind(),
                message.mapped().template()));
    recorder.answered(
        new StatusService.Answer(
            messageId,
            message.to(),
            code == ErrorCodes.OK ? Message.Status.SENT : Message.Status.FAILED,
            code == ErrorCodes.OK ? 0 : code,
            System.currentTimeMillis()));
  }
}
