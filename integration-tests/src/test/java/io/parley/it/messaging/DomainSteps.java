package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.LocalDomain;
import io.parley.it.webhooks.TestWebhookReceiver;
import jakarta.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the local domain's failover tests share: the split of the number, a load of messages through
 * the WebApp, and the final check that every accepted message reached its user once with its status
 * and the user's reply.
 */
final class DomainSteps {

  private DomainSteps() {}

  /**
   * Points the domain's webhook at {@code webhook} (heartbeat every second, {@code
   * unhealthySeconds} until a silent node's shards are taken, {@code sent} and {@code delivered}
   * statuses on) and registers {@code cc}+{@code phone} without waiting for a CoreApp to connect
   * it.
   */
  static void register(
      ApiClient admin,
      TestWebhookReceiver webhook,
      Sandbox sandbox,
      int unhealthySeconds,
      String cc,
      String phone) {
    Parley.useWebhook(
        admin,
        webhook,
        Parley.json(
            "{\"heartbeat_interval\":1,\"unhealthy_interval\":"
                + unhealthySeconds
                + ",\"webhooks\":{\"message\":{\"sent\":true,\"delivered\":true}}}"));
    Parley.registerWithoutWaiting(admin, sandbox, cc, phone);
  }

  /** Stops the domain, then the webhook receiver, either of which may not have started. */
  static void close(LocalDomain domain, TestWebhookReceiver webhook) throws Exception {
    try {
      if (domain != null) {
        domain.close();
      }
    } finally {
      if (webhook != null) {
        webhook.close();
      }
    }
  }

  /**
   * Splits {@code cc}+{@code phone} into {@code shards}; until a CoreApp has connected the number,
   * the change is refused as a temporary failure (403/1011) and asked again.
   */
  static void split(ApiClient admin, String cc, String phone, int shards, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    ApiClient.Response split;
    while ((split =
                admin.post(
                    "/v1/account/shards",
                    Json.createObjectBuilder()
                        .add("cc", cc)
                        .add("phone_number", phone)
                        .add("shards", shards)
                        .build()))
            .status()
        == 403) {
      assertEquals(1011, split.errorCode(), split.text());
      assertTrue(System.nanoTime() < deadline, "never connected: " + split.text());
      Thread.sleep(1000);
    }
    assertEquals(201, split.status(), split.text());
  }

  /** Each of {@code users} writes to {@code business} and then echoes what it receives. */
  static void echoingUsers(
      Sandbox sandbox,
      TestWebhookReceiver webhook,
      List<String> users,
      String business,
      Duration wait) {
    for (String user : users) {
      Parley.userWhoWrote(sandbox, user, business);
      sandbox.call(200, "PATCH", "/control/users/" + user, "{\"reply\":\"echo\"}");
    }
    for (String user : users) {
      webhook.awaitMessage(m -> m.getString("from").equals(user), wait);
    }
  }

  /** {@code POST /v1/messages} of a text to {@code user}. */
  static ApiClient.Response sendText(ApiClient admin, String user, String body) {
    return admin.post(
        "/v1/messages",
        Json.createObjectBuilder()
            .add("to", user)
            .add("text", Json.createObjectBuilder().add("body", body))
            .build());
  }

  /**
   * Every message of {@code accepted} (id to user) reached its user exactly once, with its {@code
   * delivered} status and its user's reply at the webhook.
   */
  static void deliveredOnceWithReplies(
      Sandbox sandbox, TestWebhookReceiver webhook, Map<String, String> accepted, Duration wait) {
    for (Map.Entry<String, String> sent : accepted.entrySet()) {
      webhook.awaitStatus(sent.getKey(), "delivered", wait);
    }
    for (Map.Entry<String, String> sent : accepted.entrySet()) {
      long copies =
          MediaSteps.inbox(sandbox, sent.getValue()).stream()
              .filter(entry -> entry.asJsonObject().getString("id").equals(sent.getKey()))
              .count();
      assertEquals(
          1, copies, sent.getKey() + " did not reach " + sent.getValue() + " exactly once");
      webhook.awaitMessage(
          m ->
              m.getString("from").equals(sent.getValue())
                  && m.containsKey("context")
                  && m.getJsonObject("context").getString("id").equals(sent.getKey()),
          wait);
    }
  }

  /** A background thread that runs {@link #step} every {@code pause} until stopped. */
  abstract static class Repeating implements Runnable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this, getClass().getSimpleName());
    private final long pauseMillis;

    Repeating(long pauseMillis) {
      this.pauseMillis = pauseMillis;
    }

    abstract void step();

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    @Override
    public void run() {
      while (running.get()) {
        step();
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Text messages to every user, round robin, one every 100 ms, through {@code admin}'s server:
   * those accepted (id to user) and the answers or failures of those that were not.
   */
  static final class Load extends Repeating {
    final Map<String, String> accepted = new ConcurrentHashMap<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    private final ApiClient admin;
    private final List<String> users;
    private int n;

    Load(ApiClient admin, List<String> users) {
      super(100);
      this.admin = admin;
      this.users = users;
    }

    @Override
    void step() {
      String user = users.get(n % users.size());
      try {
        ApiClient.Response sent = sendText(admin, user, "load " + n);
        if (sent.status() == 201) {
          accepted.put(sent.json().getJsonArray("messages").getJsonObject(0).getString("id"), user);
        } else {
          refused.add(sent.status() + " " + sent.text());
        }
      } catch (RuntimeException e) {
        refused.add(e.toString());
      }
      n++;
    }
  }
}
