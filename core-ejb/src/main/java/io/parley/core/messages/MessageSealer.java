package io.parley.core.messages;

import io.parley.core.account.AccountService;
import io.parley.core.errors.ErrorCode;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
   * locked together in one statement and then the sessions with their recipients in another; each
   * session advanced is stored once. A message no longer queued, or one that cannot be encrypted
   * for its recipient (then it has failed), comes back empty.
   */
  public void sealAll(List<Request> requests) {
    Map<String, Message> locked =
        messages.lockAll(requests.stream().map(r -> r.messageId).distinct().toList());
    Map<String, Message> unsealed = new LinkedHashMap<>();
    for (Request request : requests) {
      Message message = locked.get(request.messageId);
      if (message != null && message.getStatus() == Message.Status.QUEUED) {
        Optional<byte[]> sealed = message.sealed();
        if (sealed.isPresent()) {
          request.sealed = Optional.of(sealed(message, sealed.get()));
        } else {
          unsealed.put(message.getId(), message);
        }
      }
    }
    if (unsealed.isEmpty()) {
      return;
    }
    Map<String, Session> open =
        sessions.lockAll(
            unsealed.values().stream().map(Message::getPeer).collect(Collectors.toSet()));
    Set<String> advanced = new HashSet<>();
    Map<String, Sealed> byMessage = new HashMap<>();
    for (Message message : unsealed.values()) {
      seal(message, open).ifPresent(done -> byMessage.put(message.getId(), done));
      if (open.containsKey(message.getPeer())) {
        advanced.add(message.getPeer());
      }
    }
    for (String peer : advanced) {
      sessions.save(peer, open.get(peer));
    }
    for (Request request : requests) {
      if (request.sealed.isEmpty()) {
        request.sealed = Optional.ofNullable(byMessage.get(request.messageId));
      }
    }
  }

  private static Sealed sealed(Message message, byte[] ciphertext) {
    return new Sealed(
        message.getPeer(),
        ciphertext,
        ContentMapper.mapStored(ContentMapper.storedBody(message), message.mediaUpload()));
  }

  /**
   * Encrypts {@code message} with the session with its recipient in {@code open}, starting one with
   * X3DH (and adding it) on first contact.
   */
  private Optional<Sealed> seal(Message message, Map<String, Session> open) {
    String to = message.getPeer();
    if (message.mediaUpload().isEmpty()
        && MessageType.of(message.getType()).map(MessageType::isMedia).orElse(false)) {
      // OutboundMediaService uploads the file before a media message is sealed, or fails it; a
      // message that reaches here without its upload cannot be encrypted.
      statuses.outbound(message, Message.Status.FAILED, ErrorCode.INTERNAL_ERROR.code(), now());
      return Optional.empty();
    }
    JsonObject body = ContentMapper.storedBody(message);
    ContentMapper.Mapped mapped = ContentMapper.mapStored(body, message.mediaUpload());
    Session session = open.get(to);
    if (session == null) {
      Frame answer = network.request(new Payload.PreKeyBundleRequest(to, 0));
      if (answer.payload() instanceof Payload.Ack refused) {
        statuses.outbound(message, Message.Status.FAILED, refused.errorCode(), now());
        return Optional.empty();
      }
      try {
        session =
            Session.initiate(
                account.deviceKeys().identityKeyPair(),
                PreKeyMessages.fromPayload((Payload.PreKeyBundle) answer.payload()),
                RANDOM);
      } catch (RatchetException e) {
        // A bundle whose signature does not verify: the recipient cannot be reached safely.
        statuses.outbound(message, Message.Status.FAILED, 500, now());
        return Optional.empty();
      }
      open.put(to, session);
    }
    byte[] ciphertext =
        session.encrypt(Content.encode(mapped.content(), body.getString("reply_to", "")));
    message.seal(ciphertext);
    return Optional.of(new Sealed(to, ciphertext, mapped));
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
