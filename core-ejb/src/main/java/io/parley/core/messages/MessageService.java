package io.parley.core.messages;

import io.parley.core.account.AccountService;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.json.Jsons;
import io.parley.persistence.messages.Message;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.JsonObjectBuilder;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Accepts outbound messages: stores each (status queued) and puts it on the outbound queue in the
 * same JTA transaction, so a message is either both stored and queued or neither. Messages accepted
 * at the same moment share that transaction ({@link MessageIntake}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MessageService {

  private static final SecureRandom RANDOM = new SecureRandom();

  @EJB MessageIntake intake;
  @EJB AccountService account;

  /** Stores and queues {@code message}; its id. */
  public String accept(OutboundMessage message) {
    if (!account.isRegistered()) {
      throw new ApiException(
          ErrorCode.SERVICE_NOT_READY, "No account is registered: POST /v1/account first");
    }
    if (message.type().isMedia()) {
      throw new ApiException(
          ErrorCode.INVALID_PARAMETER, "Media messages are not supported by this version yet");
    }
    String id = newId();
    JsonObjectBuilder body =
        Jsons.createObjectBuilder()
            .add("type", message.type().field())
            .add("content", message.content());
    message.replyTo().ifPresent(replyTo -> body.add("reply_to", replyTo));
    if (message.previewUrl()) {
      body.add("preview_url", true);
    }
    intake.accept(
        Message.outbound(
            id,
            message.to(),
            message.type().field(),
            body.build().toString(),
            System.currentTimeMillis()));
    return id;
  }

  /** A new message id: {@code wamid.} and 20 random bytes, base64url. */
  private static String newId() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    return "wamid." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
