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
import java.util.Locale;
import java.util.Optional;

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

  /** A receipt from the recipient's device, or the network's failure notice. */
  public void receipt(Payload.Receipt receipt) {
    Optional<Message> found = messages.lock(receipt.messageId());
    if (found.isEmpty() || found.get().getDirection() != Message.Direction.OUTBOUND) {
      return;
    }
    Message.Status status =
        switch (receipt.status()) {
          case DELIVERED -> Message.Status.DELIVERED;
          case READ -> Message.Status.READ;
          case FAILED -> Message.Status.FAILED;
        };
    long timestamp = receipt.timestamp() > 0 ? receipt.timestamp() : System.currentTimeMillis();
    outbound(found.get(), status, receipt.errorCode(), timestamp);
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
