package io.parley.core.messages;

import io.parley.core.settings.ApplicationSettings;
import io.parley.core.settings.SettingsService;
import io.parley.core.webhooks.CallbackService;
import io.parley.core.webhooks.WebhookPayloads;
import io.parley.persistence.messages.Message;
import io.parley.persistence.messages.MessageRepository;
import io.parley.protocol.wire.Payload;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The statuses of outbound messages: each moves a message forward once (a late or repeated receipt
 * changes nothing) and becomes a webhook callback when the settings ask for it ({@code
 * webhooks.message.sent} or the older {@code sent_status}, {@code webhooks.message.delivered},
 * {@code webhooks.message.read}; {@code failed} always).
 */
@Stateless
public class StatusService {

  @Inject MessageRepository messages;
  @EJB SettingsService settings;
  @EJB CallbackService callbacks;

  /** The network's answer to a queued message sent to {@code to}. */
  public record Answer(String messageId, String to, Message.Status status, int code, long at) {}

  /** Moves {@code message} (locked by the caller) to {@code status}, reporting it if enabled. */
  public void outbound(Message message, Message.Status status, int errorCode, long timestamp) {
    outbound(message, status, errorCode, timestamp, null);
  }

  /** Like {@link #outbound(Message, Message.Status, int, long)}, with the error's details. */
  public void outbound(
      Message message, Message.Status status, int errorCode, long timestamp, String details) {
    List<JsonObject> reports = new ArrayList<>(1);
    advance(message, status, errorCode, timestamp, details, reports);
    callbacks.enqueueStatuses(reports);
  }

  /**
   * The network's answers to messages sent ({@link StatusRecorder}), in a transaction of their own:
   * the messages are locked together in one statement and moved on from queued; one still queued no
   * longer (a receipt overtook the answer, or an answer repeated after a crash) stays as it is.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void answered(List<Answer> answers) {
    Map<String, Message> locked =
        messages.lockAll(answers.stream().map(Answer::messageId).distinct().toList());
    List<JsonObject> reports = new ArrayList<>(answers.size());
    for (Answer answer : answers) {
      Message message = locked.get(answer.messageId());
      if (message != null && message.getStatus() == Message.Status.QUEUED) {
        advance(message, answer.status(), answer.code(), answer.at(), null, reports);
      }
    }
    callbacks.enqueueStatuses(reports);
  }

  /** A receipt from the recipient's device, or the network's failure notice. */
  public void receipt(Payload.Receipt receipt) {
    receipts(List.of(receipt));
  }

  /**
   * Receipts, in the order given: the messages they name are locked together first, in one
   * statement, so batches handled at the same time wait for each other instead of deadlocking.
   */
  public void receipts(List<Payload.Receipt> receipts) {
    if (receipts.isEmpty()) {
      return;
    }
    Map<String, Message> locked =
        messages.lockAll(receipts.stream().map(Payload.Receipt::messageId).distinct().toList());
    List<JsonObject> reports = new ArrayList<>(receipts.size());
    for (Payload.Receipt receipt : receipts) {
      Message message = locked.get(receipt.messageId());
      if (message != null && message.getDirection() == Message.Direction.OUTBOUND) {
        apply(message, receipt, reports);
      }
    }
    callbacks.enqueueStatuses(reports);
  }

  private void apply(Message message, Payload.Receipt receipt, List<JsonObject> reports) {
    Message.Status status =
        switch (receipt.status()) {
          case DELIVERED -> Message.Status.DELIVERED;
          case READ -> Message.Status.READ;
          case FAILED -> Message.Status.FAILED;
        };
    long timestamp = receipt.timestamp() > 0 ? receipt.timestamp() : System.currentTimeMillis();
    if (message.getStatus() == Message.Status.QUEUED) {
      // The receipt overtook the network's acknowledgement, which is recorded without waiting
      // for this lock: the network had the message, so it was sent, and that is reported first.
      advance(message, Message.Status.SENT, 0, timestamp, null, reports);
    }
    advance(message, status, receipt.errorCode(), timestamp, null, reports);
  }

  /** Moves {@code message} on, adding the status callback to {@code reports} if enabled. */
  private void advance(
      Message message,
      Message.Status status,
      int errorCode,
      long timestamp,
      String details,
      List<JsonObject> reports) {
    if (message.advance(status, errorCode, timestamp) && enabled(status, settings.application())) {
      reports.add(
          WebhookPayloads.status(
              message.getId(),
              message.getPeer(),
              status.name().toLowerCase(Locale.ROOT),
              timestamp,
              errorCode,
              details));
    }
  }

  static boolean enabled(Message.Status status, ApplicationSettings settings) {
    ApplicationSettings.MessageStatuses statuses = settings.webhooks().message();
    return switch (status) {
      case SENT -> statuses.sent() || settings.sentStatus();
      case DELIVERED -> statuses.delivered();
      case READ -> statuses.read();
      case FAILED -> true;
      case QUEUED, RECEIVED -> false;
    };
  }
}
