package io.parley.core.messages;

import io.parley.core.account.AccountService;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.json.Jsons;
import io.parley.core.media.MediaService;
import io.parley.persistence.messages.Message;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
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
  @EJB MediaService media;

  /** Stores and queues {@code message}; its id. */
  public String accept(OutboundMessage message) {
    if (!account.isRegistered()) {
      throw new ApiException(
          ErrorCode.SERVICE_NOT_READY, "No account is registered: POST /v1/account first");
    }
    if (message.type().isMedia()) {
      checkMedia(message);
    }
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
   * The media a media message names must be uploaded media that its type takes: 404/1006 for an
   * unknown id, 400/2008 for a MIME type the type does not take, 400/1009 for a file over the
   * type's limit ({@link MediaLimits}). Media by {@code link} is refused with 400/1009 (not built).
   * The media counts as used now, so that the garbage collector keeps it while the message waits.
   */
  private void checkMedia(OutboundMessage message) {
    if (!(message.content().get("id") instanceof JsonString id)) {
      throw new ApiException(
          ErrorCode.INVALID_PARAMETER,
          "Media by 'link' is not supported by this version yet: upload it with POST /v1/media and"
              + " send its 'id'");
    }
    MediaService.StoredMedia stored = media.use(id.getString());
    MediaLimits.check(message.type(), stored.id(), stored.mimeType(), stored.size());
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
