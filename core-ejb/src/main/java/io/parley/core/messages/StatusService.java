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
import jakarta.inject.Inject;
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

  /** Moves {@code message} (locked by the caller) to {@code status}, reporting it if enabled. */
  public void outbound(Message message, Message.Status status, int errorCode, long timestamp) {
    if (!message.advance(status, errorCode, timestamp)) {
      return;
    }
    if (enabled(status, settings.application())) {
      callbacks.enqueue(
          WebhookPayloads.status(
              message.getId(),
              message.getPeer(),
              status.name().toLowerCase(Locale.ROOT),
              timestamp,
              errorCode));
    }
  }

  /**
   * The network's answer to queued message {@code messageId}, sent to {@code to}: it moves the
   * message on in one conditional statement, without loading it, and is reported like any status.
   * Nothing changes when the message is no longer queued (an answer repeated after a crash).
   */
  public void answered(String messageId, String to, Message.Status status, int code, long now) {
    if (messages.advanceQueued(messageId, status, code, now)
        && enabled(status, settings.application())) {
      callbacks.enqueue(
          WebhookPayloads.status(messageId, to, status.name().toLowerCase(Locale.ROOT), now, code));
    }
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
    for (Payload.Receipt receipt : receipts) {
      Message message = locked.get(receipt.messageId());
      if (message != null && message.getDirection() == Message.Direction.OUTBOUND) {
        apply(message, receipt);
      }
    }
  }

  private void apply(Message message, Payload.Receipt receipt) {
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
      outbound(message, Message.Status.SENT, 0, timestamp);
    }
    outbound(message, status, receipt.errorCode(), timestamp);
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
