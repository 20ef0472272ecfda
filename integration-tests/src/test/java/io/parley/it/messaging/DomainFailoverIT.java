package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ItEnvironment;
import io.parley.it.LocalDomain;
import io.parley.it.webhooks.TestWebhookReceiver;
import io.parley.protocol.wire.Shards;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local domain (one WebApp, two CoreApps) with the number split into 4 shards: each CoreApp
 * serves two, no shard is ever served by both; media cross the nodes through the shared media
 * store; under a steady load of outbound messages (accepted by the WebApp) and the users' replies,
 * the CoreApp serving shard 0 is killed with {@code kill -9}, the other serves all four within
 * {@code unhealthy_interval} plus 10 seconds, and, with the killed server still down, every message
 * reaches its user exactly once, every status and reply reaches the webhook, and the database holds
 * no transaction the killed server left prepared (a CoreApp commits in one phase, see {@link
 * OnePhaseCommitIT}). Started again, the killed server takes back its fair share of the shards.
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
    DomainSteps.register(admin, webhook, sandbox, UNHEALTHY_SECONDS, CC, PHONE);
    users.addAll(Parley.usersPerShard(4, 2, 95000));
  }

  @AfterAll
  static void stop() throws Exception {
    DomainSteps.close(domain, webhook);
  }

  @Test
  void fourShardsOverTwoCoreAppsSurviveTheLossOfOne() throws Exception {
    DomainSteps.split(admin, CC, PHONE, 4, WAIT);
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

    DomainSteps.echoingUsers(sandbox, webhook, users, BUSINESS, WAIT);

    mediaCrossesNodes(served);

    Monitor monitor = new Monitor();
    monitor.start();
    DomainSteps.Load load = new DomainSteps.Load(admin, users);
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

    DomainSteps.deliveredOnceWithReplies(sandbox, webhook, load.accepted, WAIT);
    System.out.println(
        "DomainFailoverIT: "
            + load.accepted.size()
            + " messages accepted, each delivered once with its status and its user's reply");
    assertEquals(List.of(), preparedBy(victim), "transactions " + victim + " left prepared");

    // The killed server comes back and serves two shards again, the survivor gives two up.
    domain.startServer(victim);
    awaitServed(COREAPPS, s -> s.size() == 2);
  }

  /**
   * Media between the nodes, through the media store they share: a file uploaded to the WebApp goes
   * out from the CoreApp serving each recipient's shard and reaches the user byte for byte; a file
   * a user sends, announced by a CoreApp, downloads from the WebApp byte for byte.
   */
  private static void mediaCrossesNodes(Map<String, Set<Integer>> served) throws Exception {
    byte[] png = MediaSteps.pngBytes(30_000);
    String mediaId = MediaSteps.upload(admin, "image/png", png);
    for (String node : COREAPPS) {
      String user =
          users.stream()
              .filter(candidate -> served.get(node).contains(Shards.of(candidate, 4)))
              .findFirst()
              .orElseThrow();
      String id =
          MediaSteps.accepted(
              admin.post(
                  "/v1/messages",
                  Json.createObjectBuilder()
                      .add("to", user)
                      .add("type", "image")
                      .add("image", Json.createObjectBuilder().add("id", mediaId))
                      .build()));
      MediaSteps.inboxEntry(sandbox, user, id, WAIT);
      assertArrayEquals(
          png, sandbox.bytes("/control/users/" + user + "/media/" + id), "image sent via " + node);
    }

    String sender = users.get(0);
    byte[] sent = MediaSteps.pngBytes(20_000);
    String messageId =
        sandbox
            .object(
                201,
                "POST",
                "/control/users/" + sender + "/messages",
                Json.createObjectBuilder()
                    .add("to", BUSINESS)
                    .add("type", "image")
                    .add(
                        "image",
                        Json.createObjectBuilder()
                            .add("data", Base64.getEncoder().encodeToString(sent))
                            .add("mime_type", "image/png"))
                    .build()
                    .toString())
            .getString("id");
    JsonObject received =
        webhook
            .awaitMessage(candidate -> messageId.equals(candidate.getString("id", null)), WAIT)
            .message();
    ApiClient.Response download =
        admin.get("/v1/media/" + received.getJsonObject("image").getString("id"));
    assertEquals(200, download.status(), download.text());
    assertArrayEquals(sent, download.body(), "a user's image downloaded from the WebApp");
  }

  /**
   * The transactions prepared in the database whose global id names {@code node} (the transaction
   * manager's node identifier is the server's name), as {@code XA RECOVER} lists them.
   */
  private static List<String> preparedBy(String node) throws SQLException {
    List<String> prepared = new ArrayList<>();
    try (Connection root = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        Statement statement = root.createStatement();
        ResultSet rows = statement.executeQuery("XA RECOVER")) {
      while (rows.next()) {
        String data = new String(rows.getBytes("data"), StandardCharsets.ISO_8859_1);
        if (data.contains(node)) {
          prepared.add(HexFormat.of().formatHex(rows.getBytes("data")));
        }
      }
    }
    return prepared;
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

  /** Polls both CoreApps' own view and records any moment two of them serve one shard. */
  static final class Monitor extends DomainSteps.Repeating {
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
}
