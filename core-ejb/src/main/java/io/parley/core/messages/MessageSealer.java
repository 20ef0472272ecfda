package io.parley.core.messages;

import io.parley.core.account.AccountService;
import io.parley.core.network.NetworkSession;
import io.parley.core.network.PeerSessions;
import io.parley.persistence.messages.Message;
import io.parley.persistence.messages.MessageRepository;
import io.parley.protocol.ratchet.PreKeyMessages;
import io.parley.protocol.ratchet.RatchetException;
import io.parley.protocol.ratchet.Session;
import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encrypts queued messages for their recipients once, in a transaction of their own that commits
 * the advanced end-to-end sessions together with the ciphertexts on the message rows ({@link
 * SealBatcher} has the consumers that seal at the same moment share it).
 *
 * <p>Encryption consumes a message key of the session. Were the session's advance rolled back after
 * the network had taken the message (a crash, a failed commit), the next message would be encrypted
 * with the same key and the recipient's device could not read it. Committed first, every key is
 * used once; a send repeated after a crash repeats the stored ciphertext, which the network
 * recognises by the message id.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class MessageSealer {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject MessageRepository messages;
  @Inject PeerSessions sessions;
  @EJB NetworkSession network;
  @EJB AccountService account;
  @EJB StatusService statuses;

  /** A queued message ready to send: its recipient, its ciphertext and what the network checks. */
  public record Sealed(String to, byte[] ciphertext, ContentMapper.Mapped mapped) {}

  /** A message to encrypt and, once its transaction has committed, the outcome. */
  public static final class Request {
    final String messageId;
    Optional<Sealed> sealed = Optional.empty();

    public Request(String messageId) {
      this.messageId = messageId;
    }

    /** The message encrypted; empty when it is no longer queued or has failed. */
    public Optional<Sealed> sealed() {
      return sealed;
    }
  }

  /**
   * Encrypts the messages of {@code requests} (each now or earlier) in one transaction, their rows
   * locked together in one statement; a message no longer queued, or one that cannot be encrypted
   * for its recipient (then it has failed), comes back empty.
   */
  public void sealAll(List<Request> requests) {
    Map<String, Message> locked =
        messages.lockAll(requests.stream().map(r -> r.messageId).distinct().toList());
    for (Request request : requests) {
      Message message = locked.get(request.messageId);
      if (message != null && message.getStatus() == Message.Status.QUEUED) {
        request.sealed = seal(message);
      }
    }
  }

  private Optional<Sealed> seal(Message message) {
    String to = message.getPeer();
    JsonObject body = ContentMapper.storedBody(message);
    ContentMapper.Mapped mapped = ContentMapper.mapStored(body);
    Optional<byte[]> sealed = message.sealed();
    if (sealed.isPresent()) {
      return Optional.of(new Sealed(to, sealed.get(), mapped));
    }
    Optional<Session> session = sessions.lock(to);
    if (session.isEmpty()) {
      Frame answer = network.request(new Payload.PreKeyBundleRequest(to, 0));
      if (answer.payload() instanceof Payload.Ack refused) {
        statuses.outbound(message, Message.Status.FAILED, refused.errorCode(), now());
        return Optional.empty();
      }
      try {
        session =
            Optional.of(
                Session.initiate(
                    account.deviceKeys().identityKeyPair(),
                    PreKeyMessages.fromPayload((Payload.PreKeyBundle) answer.payload()),
                    RANDOM));
      } catch (RatchetException e) {
        // A bundle whose signature does not verify: the recipient cannot be reached safely.
        statuses.outbound(message, Message.Status.FAILED, 500, now());
        return Optional.empty();
      }
    }
    byte[] ciphertext =
        session.get().encrypt(Content.encode(mapped.content(), body.getString("reply_to", "")));
    sessions.save(to, session.get());
    message.seal(ciphertext);
    return Optional.of(new Sealed(to, ciphertext, mapped));
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
