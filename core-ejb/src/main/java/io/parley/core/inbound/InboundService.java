package io.parley.core.inbound;

import io.parley.core.account.AccountService;
import io.parley.core.json.Jsons;
import io.parley.core.media.ReceivedMediaService;
import io.parley.core.messages.StatusService;
import io.parley.core.network.PeerSessions;
import io.parley.core.settings.ApplicationSettings;
import io.parley.core.settings.SettingsService;
import io.parley.core.webhooks.CallbackService;
import io.parley.core.webhooks.WebhookPayloads;
import io.parley.persistence.messages.Message;
import io.parley.persistence.messages.MessageRepository;
import io.parley.protocol.ratchet.DeviceKeys;
import io.parley.protocol.ratchet.RatchetException;
import io.parley.protocol.ratchet.RatchetMessage;
import io.parley.protocol.ratchet.Session;
import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.WireFormatException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Handles what the network stored for Parley, one frame at a time or a batch of receipts, each in a
 * transaction of its own that touches only the database: user messages decrypted, stored and turned
 * into webhook callbacks (a media message's file gets a media row, and when its type is
 * auto-downloaded the callback waits for the download, which {@link #handle} returns for the
 * consumer to queue); receipts turned into statuses; identity and number changes into system
 * messages.
 *
 * <p>The consumer's delivery commits after this transaction, on the broker alone, so neither
 * commits in two phases: a CoreApp killed between the two leaves nothing prepared (no rows locked
 * until it comes back), and the broker delivers the frame again. A frame handled before is
 * recognised by its message id and not handled twice; only the download it asked for, if still
 * awaited, is returned again, since the delivery that would have queued it did not commit.
 */
@Stateless
public class InboundService {

  private static final Logger LOG = Logger.getLogger(InboundService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject MessageRepository messages;
  @Inject PeerSessions sessions;
  @EJB AccountService account;
  @EJB StatusService statuses;
  @EJB CallbackService callbacks;
  @EJB SettingsService settings;
  @EJB ReceivedMediaService receivedMedia;

  /**
   * The auto-download of received media {@code mediaId}, after which {@code callback} (the
   * message's webhook payload) is queued.
   */
  public record Download(String mediaId, JsonObject callback) {}

  /** Handles one frame; the auto-download it asks for, to be queued once this has committed. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Optional<Download> handle(byte[] encodedFrame) {
    Frame frame;
    try {
      frame = Frame.decode(encodedFrame);
    } catch (WireFormatException e) {
      LOG.warnf("Dropped an undecodable inbound frame: %s", e.getMessage());
      return Optional.empty();
    }
    Payload payload = frame.payload();
    if (payload instanceof Payload.Message message) {
      return received(message);
    }
    if (payload instanceof Payload.Receipt receipt) {
      statuses.receipt(receipt);
    } else if (payload instanceof Payload.UserEvent event) {
      userEvent(event);
    }
    return Optional.empty();
  }

  /** Receipts queued together, in one transaction. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void handleReceipts(List<byte[]> encodedFrames) {
    List<Payload.Receipt> receipts = new ArrayList<>(encodedFrames.size());
    for (byte[] encoded : encodedFrames) {
      try {
        if (Frame.decode(encoded).payload() instanceof Payload.Receipt receipt) {
          receipts.add(receipt);
        }
      } catch (WireFormatException e) {
        LOG.warnf("Dropped an undecodable receipt: %s", e.getMessage());
      }
    }
    statuses.receipts(receipts);
  }

  private Optional<Download> received(Payload.Message message) {
    Optional<Message> handled = messages.find(message.messageId());
    if (handled.isPresent()) {
      return awaitedDownload(handled.get(), message.pushName());
    }
    String from = message.from();
    long timestamp = message.timestamp() > 0 ? message.timestamp() : System.currentTimeMillis();
    JsonObject webhook;
    Optional<ReceivedMediaService.Received> media = Optional.empty();
    try {
      Content.Envelope envelope = Content.open(decrypt(from, message.ciphertext()));
      if (envelope.content() instanceof Content.Media attached) {
        media = receivedMedia.received(attached);
      }
      webhook =
          InboundMessages.message(
              message.messageId(),
              from,
              timestamp,
              envelope,
              account.waId().orElse(""),
              media.map(ReceivedMediaService.Received::id).orElse(null));
    } catch (RatchetException | WireFormatException e) {
      LOG.warnf("A message from +%s could not be decrypted or read: %s", from, e.getMessage());
      webhook = InboundMessages.unknown(message.messageId(), from, timestamp);
    }
    messages.add(
        Message.inbound(
            message.messageId(),
            from,
            webhook.getString("type"),
            webhook.toString(),
            System.currentTimeMillis()));
    JsonObject callback = WebhookPayloads.inbound(from, message.pushName(), webhook);
    if (media.filter(ReceivedMediaService.Received::autoDownload).isPresent()) {
      // The webhook waits until the file is in the media store, so that a GET of its id finds it.
      return Optional.of(new Download(media.get().id(), callback));
    }
    callbacks.enqueue(callback);
    return Optional.empty();
  }

  /**
   * The download a message handled before still waits for (its media row is not fetched nor
   * reported yet): the delivery that was to queue it rolled back.
   */
  private Optional<Download> awaitedDownload(Message handled, String pushName) {
    JsonObject webhook = Jsons.parseObject(handled.getBody());
    if (!(webhook.get(webhook.getString("type", "")) instanceof JsonObject file)
        || !file.containsKey("id")) {
      return Optional.empty();
    }
    String mediaId = file.getString("id");
    if (!receivedMedia.awaitsDownload(mediaId)) {
      return Optional.empty();
    }
    return Optional.of(
        new Download(mediaId, WebhookPayloads.inbound(handled.getPeer(), pushName, webhook)));
  }

  private byte[] decrypt(String from, byte[] ciphertext)
      throws RatchetException, WireFormatException {
    RatchetMessage ratchet = RatchetMessage.decode(ciphertext);
    Optional<Session> session = sessions.lock(from);
    if (session.isPresent()) {
      try {
        byte[] plaintext = session.get().decrypt(ratchet);
        sessions.save(from, session.get());
        return plaintext;
      } catch (RatchetException e) {
        if (ratchet.preKeyHeader() == null) {
          throw e;
        }
        // A new session from a reinstalled device: accepted below.
      }
    }
    DeviceKeys.Accepted accepted = account.acceptFirstMessage(ratchet);
    sessions.save(from, accepted.session());
    return accepted.plaintext();
  }

  private void userEvent(Payload.UserEvent event) {
    if (messages.find(event.eventId()).isPresent()) {
      return;
    }
    sessions.drop(event.account());
    ApplicationSettings application = settings.application();
    JsonObject system;
    boolean notify;
    if (event.type() == Payload.UserEventType.IDENTITY_CHANGED) {
      system =
          InboundMessages.identityChanged(
              event.eventId(), event.account(), event.identity(), event.timestamp());
      notify = application.showSecurityNotifications();
    } else {
      system =
          InboundMessages.numberChanged(
              event.eventId(), event.account(), event.newAccount(), event.timestamp());
      notify = application.notifyUserChangeNumber();
    }
    messages.add(
        Message.inbound(
            event.eventId(),
            event.account(),
            "system",
            system.toString(),
            System.currentTimeMillis()));
    if (notify) {
      callbacks.enqueue(WebhookPayloads.system(system));
    }
  }
}
