package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import io.parley.it.webhooks.TestWebhookReceiver;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery: a receiver that is down for two minutes gets every callback afterwards (retried
 * with the linear back-off), callbacks waiting together are batched, and each post carries a
 * Standard Webhooks signature that verifies with the configured secret.
 */
class WebhookDeliveryIT extends ParleyIT {

  static final String CC = "1";
  static final String PHONE = "5550004000";
  static final String BUSINESS = CC + PHONE;
  static final Duration WAIT = Duration.ofSeconds(30);

  private static TestWebhookReceiver webhook;

  @AfterAll
  static void close() {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void aReceiverDownForTwoMinutesGetsEveryCallbackAfterwardsSigned() throws Exception {
    Sandbox sandbox = Sandbox.get();
    webhook = TestWebhookReceiver.start();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    ApiClient admin = new ApiClient().asAdmin();
    Parley.useWebhook(
        admin,
        webhook,
        Json.createObjectBuilder()
            .add("callback_backoff_delay_ms", 2000)
            .add("max_callback_backoff_delay_ms", 10000)
            .add("webhooks", Json.createObjectBuilder().add("signing_secret", secret))
            .build());
    Parley.register(admin, sandbox, CC, PHONE);
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String user = "44770090" + (4000 + i);
      Parley.userWhoWrote(sandbox, user, BUSINESS);
      users.add(user);
    }
    for (String user : users) {
      webhook.awaitMessage(m -> m.getString("from").equals(user), WAIT);
    }

    double failedBefore = Parley.metric("webhook_posts", "outcome=\"failed\"");
    double deliveredBefore = Parley.metric("webhook_callbacks_delivered", "");
    assertTrue(Parley.metric("queue_depth", "queue=\"outbound\"") >= 0, "no outbound depth");
    webhook.down();
    int before = webhook.attempts();
    List<String> inbound = new ArrayList<>();
    List<String> outbound = new ArrayList<>();
    for (String user : users) {
      inbound.add(
          sandbox
              .object(
                  201,
                  "POST",
                  "/control/users/" + user + "/messages",
                  "{\"to\":\""
                      + BUSINESS
                      + "\",\"type\":\"text\",\"text\":{\"body\":\"while down\"}}")
              .getString("id"));
      ApiClient.Response sent =
          admin.post(
              "/v1/messages",
              Json.createObjectBuilder()
                  .add("to", user)
                  .add("text", Json.createObjectBuilder().add("body", "to " + user))
                  .build());
      assertEquals(201, sent.status(), sent.text());
      outbound.add(sent.json().getJsonArray("messages").getJsonObject(0).getString("id"));
    }
    Thread.sleep(Duration.ofMinutes(2).toMillis());
    System.out.println(
        "WebhookDeliveryIT: " + (webhook.attempts() - before) + " attempts while down");
    int attemptsWhileDown = webhook.attempts() - before;
    // With a 2 s step capped at 10 s, two minutes hold a dozen or more attempts, not hundreds.
    assertTrue(attemptsWhileDown >= 5, "only " + attemptsWhileDown + " attempts while down");
    assertTrue(attemptsWhileDown < 600, attemptsWhileDown + " attempts while down: no back-off");

    // What waits and what failed is visible to monitoring while the receiver is down.
    // Statuses committed together share a stored row, so 9 callbacks may be fewer rows.
    assertTrue(Parley.metric("callbacks_waiting", "") >= 1, "callbacks waiting not counted");
    assertTrue(Parley.metric("callbacks_oldest_age_seconds", "") >= 60, "oldest age not shown");
    assertTrue(
        Parley.metric("webhook_posts", "outcome=\"failed\"") >= failedBefore + 5,
        "failed posts not counted");

    webhook.up();
    for (String id : inbound) {
      webhook.awaitMessage(m -> m.getString("id").equals(id), WAIT);
    }
    for (String id : outbound) {
      webhook.awaitStatus(id, "sent", WAIT);
      webhook.awaitStatus(id, "delivered", WAIT);
    }
    awaitNoCallbacksWaiting();
    assertTrue(
        Parley.metric("webhook_callbacks_delivered", "") >= deliveredBefore + 9,
        "delivered callbacks not counted");
    assertTrue(Parley.metric("webhook_post_seconds", "") > 0, "post time not counted");

    boolean batched =
        webhook.callbacks().stream()
            .anyMatch(
                c ->
                    c.getJsonArray("statuses") != null && c.getJsonArray("statuses").size() > 1
                        || c.getJsonArray("messages") != null
                            && c.getJsonArray("messages").size() > 1
                        || c.containsKey("messages") && c.containsKey("statuses"));
    assertTrue(batched, "callbacks waiting together should arrive batched: " + webhook.callbacks());

    for (TestWebhookReceiver.Delivery delivery : webhook.deliveries()) {
      String id = delivery.headers().get("webhook-id");
      String timestamp = delivery.headers().get("webhook-timestamp");
      String signature = delivery.headers().get("webhook-signature");
      assertTrue(
          id != null && timestamp != null && signature != null, delivery.headers().toString());
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String expected =
          Base64.getEncoder()
              .encodeToString(
                  mac.doFinal(
                      (id + "." + timestamp + "." + delivery.body())
                          .getBytes(StandardCharsets.UTF_8)));
      assertEquals("v1," + expected, signature);
      assertTrue(
          Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000) < 300, timestamp);
    }
  }

  private static void awaitNoCallbacksWaiting() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    double waiting;
    while ((waiting = Parley.metric("callbacks_waiting", "")) != 0) {
      assertTrue(System.nanoTime() < deadline, waiting + " callbacks still waiting");
      Thread.sleep(200);
    }
  }
}
