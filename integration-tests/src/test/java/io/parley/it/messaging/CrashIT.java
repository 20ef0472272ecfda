package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ItEnvironment;
import io.parley.it.StandaloneServer;
import io.parley.it.webhooks.TestWebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WildFly killed with {@code kill -9} in the middle of a burst of 1,000 messages: after the restart
 * every message the API accepted reaches its user, and none reaches a user twice.
 */
class CrashIT {

  static final String CC = "1";
  static final String PHONE = "5550003000";
  static final String BUSINESS = CC + PHONE;
  static final int USERS = 10;
  static final int BURST = 1000;
  static final String SENT_TO_USERS = "sandbox_messages_total{direction=\"business_to_user\"}";

  private static SandboxNode node;
  private static StandaloneServer server;
  private static Sandbox sandbox;
  private static TestWebhookReceiver webhook;

  @BeforeAll
  static void start() throws Exception {
    node =
        SandboxNode.start(
            new StandaloneServer(
                "crash", ItEnvironment.portOffset() + 60, ItEnvironment.database() + "_crash"));
    server = node.server();
    sandbox = node.sandbox();
    webhook = node.webhook();
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aKilledServerLosesNoAcceptedMessageAndDeliversNoneTwice() throws Exception {
    ApiClient admin = new ApiClient(server.baseUrl()).asAdmin();
    Parley.useWebhook(admin, webhook, JsonValue.EMPTY_JSON_OBJECT);
    Parley.register(admin, sandbox, CC, PHONE);
    List<String> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      String user = "44770090" + (3000 + i);
      Parley.userWhoWrote(sandbox, user, BUSINESS);
      users.add(user);
    }
    double storedBefore = sandbox.metric(SENT_TO_USERS);

    Map<String, String> accepted = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      senders.execute(
          () -> {
            int n;
            while ((n = next.getAndIncrement()) < BURST) {
              String user = users.get(n % USERS);
              try {
                ApiClient.Response sent =
                    admin.post(
                        "/v1/messages",
                        Json.createObjectBuilder()
                            .add("to", user)
                            .add("text", Json.createObjectBuilder().add("body", "burst " + n))
                            .build());
                if (sent.status() == 201) {
                  accepted.put(
                      sent.json().getJsonArray("messages").getJsonObject(0).getString("id"), user);
                }
              } catch (RuntimeException e) {
                // The server is down: this message was not accepted.
              }
            }
          });
    }
    // Meanwhile the users write to the business: frames in flight from the network when it dies.
    List<String> inbound = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread writers =
        new Thread(
            () -> {
              for (int n = 0; n < 200; n++) {
                String user = users.get(n % USERS);
                inbound.add(sandbox.userSendsText(user, BUSINESS, "inbound " + n).getString("id"));
              }
            });
    writers.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (accepted.size() < 300 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    server.kill();
    int acceptedBeforeCrash = accepted.size();
    senders.shutdown();
    assertTrue(senders.awaitTermination(120, TimeUnit.SECONDS));
    assertTrue(
        acceptedBeforeCrash >= 300, "only " + acceptedBeforeCrash + " accepted before the crash");

    writers.join();
    server.start();
    Parley.awaitGateway(admin, "connected", Duration.ofSeconds(60));
    System.out.printf(
        "CrashIT: %d of %d accepted before the kill, %d accepted in all, %d inbound sent%n",
        acceptedBeforeCrash, BURST, accepted.size(), inbound.size());
    // Every message the users sent reaches the webhook, the ones in flight at the crash included.
    for (String id : inbound) {
      webhook.awaitMessage(m -> m.getString("id").equals(id), Duration.ofSeconds(120));
    }

    // Every accepted message reaches its user; count the copies the network stored for users.
    long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Set<String> delivered = new HashSet<>();
    while (true) {
      delivered.clear();
      Map<String, Integer> copies = new HashMap<>();
      for (String user : users) {
        for (JsonValue entry :
            sandbox
                .object(200, "GET", "/control/users/" + user + "/inbox", null)
                .getJsonArray("inbox")) {
          if (entry.asJsonObject().getString("direction").equals("in")) {
            String id = entry.asJsonObject().getString("id");
            delivered.add(id);
            copies.merge(id, 1, Integer::sum);
          }
        }
      }
      copies.values().forEach(count -> assertEquals(1, count));
      if (delivered.containsAll(accepted.keySet()) || System.nanoTime() > wait) {
        break;
      }
      Thread.sleep(500);
    }
    Set<String> missing = new HashSet<>(accepted.keySet());
    missing.removeAll(delivered);
    assertTrue(missing.isEmpty(), missing.size() + " accepted messages never arrived: " + missing);
    // The network stored exactly one copy per delivered message: none was sent twice.
    Thread.sleep(1000);
    assertEquals(
        delivered.size(),
        (long) (sandbox.metric(SENT_TO_USERS) - storedBefore),
        "copies stored for users vs distinct messages delivered");
  }
}
