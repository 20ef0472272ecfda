package io.parley.sandbox;

import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.Shards;
import io.parley.sandbox.store.Journal;
import jakarta.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * The network's routing between business accounts and users: rules applied to each business
 * message, store and forward into the recipient device's mailbox, receipts and user events back to
 * the business, and the failure notice when a message's time to live runs out. A business message
 * is accepted once per message id: a resend of an accepted one is answered OK again and not relayed
 * (see {@link AcceptedMessages}). Business accounts have one end-to-end device (0) and receive a
 * user's traffic on the connection slot of the user's shard; users have one device (0).
 */
final class Network {

  private static final Logger LOG = Logger.getLogger(Network.class.getName());
  static final int DEVICE = 0;

  /** How long past the message time to live an accepted message id is remembered. */
  static final long REMEMBER_AFTER_TTL_MILLIS = 24 * 3600 * 1000L;

  final Journal journal;
  final Accounts accounts;
  final PreKeyDirectory preKeys;
  final Mailboxes mailboxes;
  final Templates templates;
  final Rules rules;
  final Metrics metrics;
  final SecureRandom random;
  private final AcceptedMessages accepted;
  private volatile Directory directory;
  private volatile java.util.function.Consumer<String> lowPreKeys = account -> {};

  /** Which numbers are users on the network (the virtual users). */
  interface Directory {
    boolean isUser(String waId);

    String profileName(String waId);
  }

  Network(Journal journal, Accounts accounts, Metrics metrics, SecureRandom random) {
    this.journal = journal;
    this.accounts = accounts;
    this.metrics = metrics;
    this.random = random;
    this.preKeys = new PreKeyDirectory(journal);
    this.mailboxes = new Mailboxes(journal);
    this.templates = new Templates(journal);
    this.rules = new Rules(journal, templates);
    this.accepted = new AcceptedMessages(journal);
    metrics.describe("sandbox_messages_total", "Messages relayed, by direction");
    metrics.describe("sandbox_messages_refused_total", "Business messages refused, by error code");
    metrics.describe("sandbox_receipts_total", "Receipts relayed, by status");
    metrics.describe(
        "sandbox_messages_resent_total", "Business messages already accepted, answered again");
    metrics.gauge(
        "sandbox_accepted_message_ids", "Accepted message ids remembered", accepted::size);
    metrics.gauge(
        "sandbox_mailbox_frames", "Frames waiting for acknowledgement", mailboxes::totalDepth);
  }

  void directory(Directory users) {
    this.directory = users;
  }

  Directory directory() {
    return directory;
  }

  /** Called with an account whose one-time prekeys run low after a bundle was handed out. */
  void onLowPreKeys(java.util.function.Consumer<String> listener) {
    this.lowPreKeys = listener;
  }

  /**
   * A prekey bundle of {@code account}'s device for a peer, taking one one-time prekey; {@code
   * null} if the number is not on the network or published no keys.
   */
  Payload.PreKeyBundle takeBundle(String account, int device) {
    if (!directory.isUser(account) && !accounts.exists(account)) {
      return null;
    }
    Payload.PreKeyBundle bundle = preKeys.take(account, device);
    if (bundle != null && preKeys.remaining(account, device) < PreKeyDirectory.LOW_WATER) {
      lowPreKeys.accept(account);
    }
    return bundle;
  }

  /**
   * The endpoint where {@code business} receives traffic from {@code user}: the connection slot of
   * the user's shard.
   */
  String businessEndpoint(String business, String user) {
    return Mailboxes.endpoint(business, Shards.of(user, accounts.shards(business)));
  }

  /**
   * Splits {@code business}'s traffic into {@code count} shards; frames already waiting move to the
   * slot of their user's new shard, keeping their order.
   */
  int setShards(String business, int count) {
    if (!Shards.valid(count)) {
      return ErrorCodes.INVALID_PARAMETER;
    }
    accounts.setShards(business, count);
    mailboxes.rehome(business, Shards.MAX, payload -> businessEndpoint(business, sender(payload)));
    LOG.info("Account +" + business + " now has " + count + " shards");
    return ErrorCodes.OK;
  }

  /** The user a frame waiting for a business comes from. */
  private static String sender(Payload payload) {
    if (payload instanceof Payload.Message message) {
      return message.from();
    } else if (payload instanceof Payload.Receipt receipt) {
      return receipt.from();
    } else if (payload instanceof Payload.UserEvent event) {
      return event.account();
    }
    throw new IllegalArgumentException("not a frame for a business: " + payload);
  }

  static String userEndpoint(String user) {
    return Mailboxes.endpoint(user, DEVICE);
  }

  /**
   * A business's message to a user: the error code, or OK once it is stored for the user's device.
   * A resend of a message already accepted (same business and message id) is answered OK without
   * being checked or stored again; a resend of a refused one is checked afresh.
   */
  CompletableFuture<Integer> fromBusiness(String business, Payload.Message message) {
    String messageId = message.messageId();
    CompletableFuture<Integer> earlier = accepted.claim(business, messageId);
    if (earlier != null) {
      return earlier
          .handle(
              (code, failure) -> {
                if (failure == null && code == ErrorCodes.OK) {
                  metrics.count("sandbox_messages_resent_total");
                  return earlier;
                }
                return fromBusiness(business, message);
              })
          .thenCompose(answer -> answer);
    }
    try {
      return relayFirstCopy(business, message);
    } catch (RuntimeException e) {
      accepted.failed(business, messageId, e);
      throw e;
    }
  }

  private CompletableFuture<Integer> relayFirstCopy(String business, Payload.Message message) {
    long now = System.currentTimeMillis();
    String user = message.to();
    int code;
    if (!directory.isUser(user)) {
      code = ErrorCodes.USER_NOT_VALID;
    } else {
      code = rules.check(business, user, message, now);
    }
    if (code != ErrorCodes.OK) {
      metrics.count("sandbox_messages_refused_total", "code=\"" + code + "\"");
      accepted.refused(business, message.messageId(), code);
      return CompletableFuture.completedFuture(code);
    }
    JsonObject account = accounts.account(business);
    String name = account == null ? "" : account.getString("verified_name", "");
    Payload.Message relayed = message.relayed(business, now, name);
    long ttl = rules.settings().messageTtlSeconds() * 1000;
    CompletableFuture<Integer> stored =
        mailboxes
            .deposit(userEndpoint(user), relayed, now + ttl)
            .thenApply(
                seq -> {
                  metrics.count("sandbox_messages_total", "direction=\"business_to_user\"");
                  return ErrorCodes.OK;
                });
    long until = now + ttl + REMEMBER_AFTER_TTL_MILLIS;
    return accepted.accepted(business, message.messageId(), until, stored);
  }

  /** A business's delivered or read receipt for a user's message. */
  CompletableFuture<Integer> receiptFromBusiness(String business, Payload.Receipt receipt) {
    if (!directory.isUser(receipt.to())) {
      return CompletableFuture.completedFuture(ErrorCodes.USER_NOT_VALID);
    }
    Payload.Receipt relayed =
        new Payload.Receipt(
            receipt.messageId(),
            business,
            receipt.to(),
            receipt.status(),
            System.currentTimeMillis(),
            receipt.errorCode());
    return mailboxes
        .deposit(userEndpoint(receipt.to()), relayed, 0)
        .thenApply(
            seq -> {
              metrics.count("sandbox_receipts_total", "status=\"" + receipt.status() + "\"");
              return ErrorCodes.OK;
            });
  }

  /** A user's message to a business: opens the customer-service window and stores it. */
  CompletableFuture<Integer> fromUser(String user, Payload.Message message) {
    String business = message.to();
    if (!accounts.exists(business)) {
      return CompletableFuture.completedFuture(ErrorCodes.USER_NOT_VALID);
    }
    long now = System.currentTimeMillis();
    rules.userWrote(user, business, now);
    Payload.Message relayed = message.relayed(user, now, directory.profileName(user));
    long expires = now + rules.settings().messageTtlSeconds() * 1000;
    return mailboxes
        .deposit(businessEndpoint(business, user), relayed, expires)
        .thenApply(
            seq -> {
              metrics.count("sandbox_messages_total", "direction=\"user_to_business\"");
              return ErrorCodes.OK;
            });
  }

  /** A user's device reports a message delivered, read, or undecryptable (failed, 480). */
  CompletableFuture<Integer> receiptFromUser(String user, Payload.Receipt receipt) {
    String business = receipt.to();
    if (!accounts.exists(business)) {
      return CompletableFuture.completedFuture(ErrorCodes.USER_NOT_VALID);
    }
    Payload.Receipt relayed =
        new Payload.Receipt(
            receipt.messageId(),
            user,
            business,
            receipt.status(),
            System.currentTimeMillis(),
            receipt.errorCode());
    return mailboxes
        .deposit(businessEndpoint(business, user), relayed, 0)
        .thenApply(
            seq -> {
              metrics.count("sandbox_receipts_total", "status=\"" + receipt.status() + "\"");
              return ErrorCodes.OK;
            });
  }

  /** Tells {@code business} that {@code user} changed identity or number. */
  CompletableFuture<Long> userEvent(
      String business,
      String user,
      Payload.UserEventType type,
      String newAccount,
      byte[] identity) {
    byte[] id = new byte[12];
    random.nextBytes(id);
    Payload.UserEvent event =
        new Payload.UserEvent(
            "evt." + HexFormat.of().formatHex(id),
            type,
            user,
            newAccount,
            identity,
            System.currentTimeMillis());
    metrics.count("sandbox_user_events_total", "type=\"" + type + "\"");
    return mailboxes.deposit(businessEndpoint(business, user), event, 0);
  }

  /**
   * Takes out every message whose time to live ran out and tells its sender: a failed receipt with
   * 410 for a business's message to a user. Also forgets the accepted message ids remembered long
   * enough.
   */
  List<Mailboxes.Expired> sweepExpired() {
    long now = System.currentTimeMillis();
    accepted.expire(now);
    List<Mailboxes.Expired> expired = mailboxes.expire(now);
    List<Mailboxes.Expired> notified = new ArrayList<>();
    for (Mailboxes.Expired gone : expired) {
      if (gone.payload() instanceof Payload.Message message && accounts.exists(message.from())) {
        metrics.count("sandbox_messages_expired_total");
        Payload.Receipt failed =
            new Payload.Receipt(
                message.messageId(),
                message.to(),
                message.from(),
                Payload.ReceiptStatus.FAILED,
                System.currentTimeMillis(),
                ErrorCodes.EXPIRED);
        mailboxes.deposit(businessEndpoint(message.from(), message.to()), failed, 0);
        notified.add(gone);
      } else {
        LOG.info("dropped an expired frame for " + gone.endpoint());
      }
    }
    return notified;
  }
}
