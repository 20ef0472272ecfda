package io.parley.sandbox;

import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Payload;
import io.parley.sandbox.store.Journal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network's rules for a business's message to a user, each giving the On-Premises error code
 * the business will report: the per-account throughput limit (429), the per-recipient rate limit
 * (471), the template registry (2000, 2001, 2003) and the 24-hour customer-service window (470).
 * The settings and the window state are durable.
 */
final class Rules {

  private static final String SETTINGS_KEY = "rules";
  private static final String WINDOW_PREFIX = "win/";

  /**
   * The tunable rules.
   *
   * @param accountMessagesPerSecond messages one business account may send per second (0: no limit)
   * @param recipientMessagesPerMinute messages one account may send one user per minute (0: no
   *     limit)
   * @param windowSeconds how long after a user's last message the business may send free-form
   * @param messageTtlSeconds how long a message waits for an offline device before it fails with
   *     410
   * @param mediaRetentionSeconds how long an uploaded media blob is kept
   * @param inboxLimit how many entries a virtual user's inbox keeps
   */
  record Settings(
      long accountMessagesPerSecond,
      long recipientMessagesPerMinute,
      long windowSeconds,
      long messageTtlSeconds,
      long mediaRetentionSeconds,
      int inboxLimit) {

    static final Settings DEFAULTS =
        new Settings(1000, 600, 24 * 3600, 30 * 24 * 3600, 30 * 24 * 3600, 1000);

    Settings {
      if (accountMessagesPerSecond < 0
          || recipientMessagesPerMinute < 0
          || windowSeconds < 0
          || messageTtlSeconds < 1
          || mediaRetentionSeconds < 1
          || inboxLimit < 1) {
        throw new JsonText.BadRequest(
            "limits must not be negative; ttl, retention and inbox limit must be positive");
      }
    }

    JsonObject toJson() {
      return Json.createObjectBuilder()
          .add("account_messages_per_second", accountMessagesPerSecond)
          .add("recipient_messages_per_minute", recipientMessagesPerMinute)
          .add("window_seconds", windowSeconds)
          .add("message_ttl_seconds", messageTtlSeconds)
          .add("media_retention_seconds", mediaRetentionSeconds)
          .add("inbox_limit", inboxLimit)
          .build();
    }

    /** These settings with the fields {@code patch} names changed. */
    Settings patched(JsonObject patch) {
      return new Settings(
          JsonText.number(patch, "account_messages_per_second", accountMessagesPerSecond),
          JsonText.number(patch, "recipient_messages_per_minute", recipientMessagesPerMinute),
          JsonText.number(patch, "window_seconds", windowSeconds),
          JsonText.number(patch, "message_ttl_seconds", messageTtlSeconds),
          JsonText.number(patch, "media_retention_seconds", mediaRetentionSeconds),
          (int) JsonText.number(patch, "inbox_limit", inboxLimit));
    }
  }

  private final Journal journal;
  private final Templates templates;
  private final Map<String, Bucket> accountBuckets = new ConcurrentHashMap<>();
  private final Map<String, Bucket> recipientBuckets = new ConcurrentHashMap<>();
  private volatile Settings settings;

  Rules(Journal journal, Templates templates) {
    this.journal = journal;
    this.templates = templates;
    byte[] stored = journal.get(SETTINGS_KEY);
    this.settings =
        stored == null ? Settings.DEFAULTS : Settings.DEFAULTS.patched(JsonText.parse(stored));
  }

  Settings settings() {
    return settings;
  }

  /** Changes the settings named in {@code patch}; the limits start afresh. */
  Settings update(JsonObject patch) {
    Settings updated = settings.patched(patch);
    journal.put(SETTINGS_KEY, JsonText.bytes(updated.toJson())).join();
    settings = updated;
    accountBuckets.clear();
    recipientBuckets.clear();
    return updated;
  }

  /** Records that {@code user} wrote to {@code business} at {@code millis}: the window opens. */
  void userWrote(String user, String business, long millis) {
    journal.put(
        WINDOW_PREFIX + user + "/" + business, ByteBuffer.allocate(8).putLong(millis).array());
  }

  /** When {@code user} last wrote to {@code business}, or -1. */
  long lastUserMessage(String user, String business) {
    byte[] stored = journal.get(WINDOW_PREFIX + user + "/" + business);
    return stored == null ? -1 : ByteBuffer.wrap(stored).getLong();
  }

  /** Moves the windows of {@code from} to {@code to} (a number change). */
  void moveWindows(String from, String to) {
    for (Map.Entry<String, byte[]> entry :
        Map.copyOf(journal.prefixed(WINDOW_PREFIX + from + "/")).entrySet()) {
      String business = entry.getKey().substring(entry.getKey().lastIndexOf('/') + 1);
      journal.put(WINDOW_PREFIX + to + "/" + business, entry.getValue());
      journal.delete(entry.getKey());
    }
  }

  /**
   * The error code for {@code message} from {@code business} to {@code user} at {@code now}, or
   * {@link ErrorCodes#OK}. Spends rate-limit tokens only when the message passes.
   */
  int check(String business, String user, Payload.Message message, long now) {
    Settings rules = settings;
    if (message.kind() == Content.Kind.TEMPLATE) {
      int templateError = templates.check(message.template());
      if (templateError != ErrorCodes.OK) {
        return templateError;
      }
    } else {
      long last = lastUserMessage(user, business);
      if (last < 0 || now - last > rules.windowSeconds() * 1000) {
        return ErrorCodes.REENGAGEMENT;
      }
    }
    Bucket account =
        accountBuckets.computeIfAbsent(
            business, key -> new Bucket(rules.accountMessagesPerSecond(), 1000, now));
    Bucket pair =
        recipientBuckets.computeIfAbsent(
            business + "/" + user,
            key -> new Bucket(rules.recipientMessagesPerMinute(), 60_000, now));
    synchronized (this) {
      if (!account.available(now)) {
        return ErrorCodes.RATE_LIMITED;
      }
      if (!pair.available(now)) {
        return ErrorCodes.SPAM_RATE_LIMITED;
      }
      account.take();
      pair.take();
    }
    return ErrorCodes.OK;
  }

  /** A token bucket of {@code rate} tokens per {@code periodMillis}, as deep as one period. */
  private static final class Bucket {
    private final long rate;
    private final double perMilli;
    private double tokens;
    private long updated;

    Bucket(long rate, long periodMillis, long now) {
      this.rate = rate;
      this.perMilli = (double) rate / periodMillis;
      this.tokens = rate;
      this.updated = now;
    }

    boolean available(long now) {
      if (rate == 0) {
        return true;
      }
      tokens = Math.min(rate, tokens + (now - updated) * perMilli);
      updated = Math.max(updated, now);
      return tokens >= 1;
    }

    void take() {
      if (rate != 0) {
        tokens -= 1;
      }
    }
  }
}
