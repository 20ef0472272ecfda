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
import jakarta.inject.Inject;
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

  /** Base-32 digits of the time in an id: enough for milliseconds until the year 3084. */
  private static final int TIME_DIGITS = 9;

  @EJB MessageIntake intake;
  @EJB AccountService account;
  @Inject MediaReferences mediaReferences;

  /** Stores and queues {@code message}; its id. */
  public String accept(OutboundMessage message) {
    if (!account.isRegistered()) {
      throw new ApiException(
          ErrorCode.SERVICE_NOT_READY, "No account is registered: POST /v1/account first");
    }
    mediaReferences.check(message);
    String id = newId(System.currentTimeMillis());
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

  /**
   * A new message id: {@code wamid.}, the time in milliseconds (nine base-32 digits, {@code
   * 0-9a-v}, which sort in time order whatever the column's collation) and 15 random bytes,
   * base64url. Ids that grow with time are appended at the end of the message table's primary key
   * instead of landing on a random page of it each time, so the pages written per message stay few
   * as the table grows. The client sees an opaque id, as with the original.
   */
  static String newId(long millis) {
    byte[] random = new byte[15];
    RANDOM.nextBytes(random);
    String time = Long.toString(millis, 32);
    return "wamid."
        + "0".repeat(Math.max(0, TIME_DIGITS - time.length()))
        + time
        + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
