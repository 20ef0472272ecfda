package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.LocalDomain;
import io.parley.it.webhooks.TestWebhookReceiver;
import io.parley.protocol.wire.Shards;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local domain (one WebApp, two CoreApps) with the number split into 4 shards: each CoreApp
 * serves two, no shard is ever served by both; under a steady load of outbound messages (accepted
 * by the WebApp) and the users' replies, the CoreApp serving shard 0 is killed with {@code kill
 * -9}, the other serves all four within {@code unhealthy_interval} plus 10 seconds, and once the
 * killed server is back (its transaction recovery settles what it left in doubt) every message has
 * reached its user exactly once, every status and reply reached the webhook.
 */
class DomainFailoverIT {

  static final String CC = "1";
  static final String PHONE = "5550009500";
  static final String BUSINESS = CC + PHONE;
  static final int UNHEALTHY_SECONDS = 5;
  static final Duration WAIT = Duration.ofSeconds(120);
  static final List<String> COREAPPS = List.of("coreapp-1", "coreapp-2");

  static LocalDomain domain;
  static TestWebhookReceiver webhook;
  static Sandbox sandbox;
  static ApiClient admin;

  /** Two users per shard of four. */
  static final List<String> users = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.get();
    webhook = TestWebhookReceiver.start();
    domain = new LocalDomain("parley_domain").start();
    admin = new ApiClient(domain.url("webapp-1")).asAdmin();
    Parley.useWebhook(
        admin,
        webhook,
        Parley.json(
            "{\"heartbeat_interval\":1,\"unhealthy_interval\":"
                + UNHEALTHY_SECONDS
                + ",\"webhooks\":{\"message\":{\"sent\":true,\"delivered\":true}}}"));
    Parley.registerWithoutWaiting(admin, sandbox, CC, PHONE);
    for (int shard = 0; shard < 4; shard++) {
      int wanted = shard;
      IntStream.range(0, 1000)
          .mapToObj(i -> "4477009" + (95000 + i))
          .filter(user -> Shards.of(user, 4) == wanted)
          .limit(2)
          .forEach(users::add);
    }
  }

  @AfterAll
  static void stop() throws Exception {
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

  @Test
  void fourShardsOverTwoCoreAppsSurviveTheLossOfOne() throws Exception {
    // Until a CoreApp has connected the new number, the change is refused as a temporary failure.
    long deadline = System.nanoTime() + WAIT.toNanos();
    ApiClient.Response split;
    while ((split =
                admin.post(
                    "/v1/account/shards",
                    Json.createObjectBuilder()
                        .add("cc", CC)
                        .add("phone_number", PHONE)
                        .add("shards", 4)
                        .build()))
            .status()
        == 403) {
      assertEquals(1011, split.errorCode(), split.text());
      assertTrue(System.nanoTime() < deadline, "never connected: " + split.text());
      Thread.sleep(1000);
    }
    assertEquals(201, split.status(), split.text());
    Map<String, Set<Integer>> served = awaitServed(COREAPPS, s -> s.size() == 2);
    System.out.println("DomainFailoverIT: shards served " + served);

    // The health and statistics of the whole domain, as any node answers them.
    JsonObject health = admin.get("/v1/health").json().getJsonObject("health");
    assertEquals("webapp", health.getJsonObject("primary:webapp-1").getString("role"));
    assertEquals("coreapp", health.getJsonObject("primary:coreapp-1").getString("role"));
    // Each node's statistics as of its last heartbeat (one a second here).
    long statsDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonObject stats;
    while (!bothServeTwo(stats = admin.get("/v1/stats/app").json().getJsonObject("stats"))) {
      assertTrue(System.nanoTime() < statsDeadline, "stats by node: " + stats);
      Thread.sleep(500);
    }
    assertTrue(stats.getJsonObject("primary:webapp-1").containsKey("app"), stats.toString());

    for (String user : users) {
      Parley.userWhoWrote(sandbox, user, BUSINESS);
      sandbox.call(200, "PATCH", "/control/users/" + user, "{\"reply\":\"echo\"}");
    }
    for (String user : users) {
      webhook.awaitMessage(m -> m.getString("from").equals(user), WAIT);
    }

    Monitor monitor = new Monitor();
    monitor.start();
    Load load = new Load();
    load.start();
    Thread.sleep(10_000);

    String victim =
        served.entrySet().stream()
            .filter(e -> e.getValue().contains(0))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    String survivor = victim.equals("coreapp-1") ? "coreapp-2" : "coreapp-1";
    monitor.dead.add(victim);
    long killedAt = System.nanoTime();
    domain.kill(victim);
    awaitServed(List.of(survivor), s -> s.size() == 4);
    double takeover = (System.nanoTime() - killedAt) / 1e9;
    System.out.printf(
        "DomainFailoverIT: %s killed, %s served all 4 shards %.1f s later%n",
        victim, survivor, takeover);
    assertTrue(
        takeover <= UNHEALTHY_SECONDS + 10,
        "took " + takeover + " s to serve the shards again (unhealthy_interval + 10 s allowed)");

    Thread.sleep(10_000);
    load.stop();
    monitor.stop();
    assertTrue(monitor.overlaps.isEmpty(), "a shard served by two nodes: " + monitor.overlaps);
    assertTrue(load.refused.isEmpty(), "requests refused during the failover: " + load.refused);

    // The killed server comes back: its recovery settles the transactions it left prepared.
    domain.startServer(victim);
    monitor.dead.remove(victim);

    for (Map.Entry<String, String> sent : load.accepted.entrySet()) {
      webhook.awaitStatus(sent.getKey(), "delivered", WAIT);
    }
    for (Map.Entry<String, String> sent : load.accepted.entrySet()) {
      assertEquals(
          1,
          inboxCount(sent.getValue(), sent.getKey()),
          sent.getKey() + " did not reach " + sent.getValue() + " exactly once");
      webhook.awaitMessage(
          m ->
              m.getString("from").equals(sent.getValue())
                  && m.containsKey("context")
                  && m.getJsonObject("context").getString("id").equals(sent.getKey()),
          WAIT);
    }
    System.out.println(
        "DomainFailoverIT: "
            + load.accepted.size()
            + " messages accepted, each delivered once with its status and its user's reply");
  }

  /**
   * Waits until each of {@code nodes} serves a set of shards {@code wanted} accepts, all connected.
   */
  private static Map<String, Set<Integer>> awaitServed(
      List<String> nodes, java.util.function.Predicate<Set<Integer>> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Map<String, Set<Integer>> served = new java.util.TreeMap<>();
      boolean all = true;
      for (String node : nodes) {
        JsonObject self = self(node);
        Set<Integer> shards = shards(self);
        served.put(node, shards);
        all &=
            self != null
                && wanted.test(shards)
                && "connected".equals(self.getString("gateway_status", ""));
      }
      if (all) {
        return served;
      }
      assertTrue(System.nanoTime() < deadline, "shards never served as wanted: " + served);
      Thread.sleep(200);
    }
  }

  /** Whether the stats by node show each CoreApp with two shards connected. */
  private static boolean bothServeTwo(JsonObject stats) {
    for (String node : COREAPPS) {
      JsonObject app = stats.getJsonObject("primary:" + node).getJsonObject("app");
      if (app == null
          || app.getJsonObject("network_shards_connected")
                  .getJsonArray("data")
                  .getJsonObject(0)
                  .getInt("value")
              != 2) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code node}'s own entry of its health answer (its state now), or null if it does not answer.
   */
  private static JsonObject self(String node) {
    try {
      ApiClient client = new ApiClient(domain.url(node)).withToken(admin.token());
      JsonObject health = client.get("/v1/health").json().getJsonObject("health");
      return health.getJsonObject("primary:" + node);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Set<Integer> shards(JsonObject self) {
    Set<Integer> shards = new TreeSet<>();
    if (self != null && self.containsKey("shards")) {
      for (JsonValue shard : self.getJsonArray("shards")) {
        shards.add(((jakarta.json.JsonNumber) shard).intValue());
      }
    }
    return shards;
  }

  private static long inboxCount(String user, String messageId) {
    JsonArray inbox =
        sandbox.object(200, "GET", "/control/users/" + user + "/inbox", null).getJsonArray("inbox");
    return inbox.stream()
        .filter(entry -> entry.asJsonObject().getString("id").equals(messageId))
        .count();
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

  /** Polls both CoreApps' own view and records any moment two of them serve one shard. */
  static final class Monitor extends Repeating {
    final Set<String> dead = ConcurrentHashMap.newKeySet();
    final List<String> overlaps = new CopyOnWriteArrayList<>();

    Monitor() {
      super(100);
    }

    @Override
    void step() {
      Set<Integer> seen = new HashSet<>();
      for (String node : COREAPPS) {
        if (dead.contains(node)) {
          continue;
        }
        for (int shard : shards(self(node))) {
          if (!seen.add(shard)) {
            overlaps.add("shard " + shard + " at " + java.time.Instant.now());
          }
        }
      }
    }
  }

  /** Text messages to every user, round robin, one every 100 ms, through the WebApp. */
  static final class Load extends Repeating {
    final Map<String, String> accepted = new ConcurrentHashMap<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    private int n;

    Load() {
      super(100);
    }

    @Override
    void step() {
      String user = users.get(n % users.size());
      ApiClient.Response sent =
          admin.post(
              "/v1/messages",
              Json.createObjectBuilder()
                  .add("to", user)
                  .add("text", Json.createObjectBuilder().add("body", "load " + n))
                  .build());
      if (sent.status() == 201) {
        accepted.put(sent.json().getJsonArray("messages").getJsonObject(0).getString("id"), user);
      } else {
        refused.add(sent.status() + " " + sent.text());
      }
      n++;
    }
  }
}
