package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.LocalDomain;
import io.parley.it.webhooks.TestWebhookReceiver;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local domain's broker pair: the primary broker runs in the WebApp server, its backup in
 * {@code broker-backup-1} on the same journal. Under a steady load of outbound messages (accepted
 * by the WebApp) and the users' replies, the WebApp server is killed with {@code kill -9}: the
 * backup takes the broker over, the CoreApps' JMS follows it, and while the WebApp is down the
 * users' messages and replies, and the statuses of the messages accepted before the kill, still
 * reach the webhook; every accepted message reaches its user exactly once; once the WebApp is
 * started again (the primary takes the broker back) it accepts and delivers messages again.
 */
class BrokerFailoverIT {

  static final String CC = "1";
  static final String PHONE = "5550009600";
  static final String BUSINESS = CC + PHONE;
  static final Duration WAIT = Duration.ofSeconds(120);
  static final String WEBAPP = "webapp-1";
  static final List<String> COREAPPS = List.of("coreapp-1", "coreapp-2");

  static LocalDomain domain;
  static TestWebhookReceiver webhook;
  static Sandbox sandbox;
  static ApiClient admin;

  /** Two users per shard of two (each CoreApp serves one shard). */
  static final List<String> users = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.get();
    webhook = TestWebhookReceiver.start();
    domain = new LocalDomain("parley_broker").start();
    admin = new ApiClient(domain.url(WEBAPP)).asAdmin();
    DomainSteps.register(admin, webhook, sandbox, 5, CC, PHONE);
    users.addAll(Parley.usersPerShard(2, 2, 96000));
  }

  @AfterAll
  static void stop() throws Exception {
    DomainSteps.close(domain, webhook);
  }

  @Test
  void theBackupTakesTheBrokerOverWhenTheWebAppServerDies() throws Exception {
    givenTwoShardsServedByTheTwoCoreApps();
    DomainSteps.echoingUsers(sandbox, webhook, users, BUSINESS, WAIT);

    DomainSteps.Load load = new DomainSteps.Load(admin, users);
    load.start();
    Thread.sleep(10_000);

    // When the server of the primary broker (and of the only WebApp) crashes
    long killedAt = System.nanoTime();
    domain.kill(WEBAPP);
    Map<String, String> acceptedBeforeKill = Map.copyOf(load.accepted);
    domain.awaitLog(LocalDomain.BROKER_BACKUP, LocalDomain.BACKUP_ACTIVE, 1, WAIT);
    double takeover = (System.nanoTime() - killedAt) / 1e9;
    System.out.printf(
        "BrokerFailoverIT: %s killed with %d messages accepted; the backup was live %.1f s later%n",
        WEBAPP, acceptedBeforeKill.size(), takeover);

    // Then, with the WebApp still down, the CoreApps deliver through the backup: what was queued
    // before the kill reaches the users with its statuses, and what the users write now and their
    // replies reach the webhook (inbound and callbacks queues, on the backup).
    for (String user : users) {
      sandbox.userSendsText(user, BUSINESS, "while down " + user);
    }
    for (String user : users) {
      webhook.awaitMessage(
          m ->
              m.getString("from").equals(user)
                  && m.containsKey("text")
                  && m.getJsonObject("text").getString("body").equals("while down " + user),
          WAIT);
    }
    double inboundBack = (System.nanoTime() - killedAt) / 1e9;
    for (String id : acceptedBeforeKill.keySet()) {
      webhook.awaitStatus(id, "sent", WAIT);
      webhook.awaitStatus(id, "delivered", WAIT);
    }
    load.stop();
    assertTrue(
        domain.occurrences(LocalDomain.BROKER_BACKUP, LocalDomain.BACKUP_ACTIVE) == 1,
        "the backup went live more than once");
    System.out.printf(
        "BrokerFailoverIT: while the WebApp was down, the users' messages reached the webhook %.1f s"
            + " after the kill, the statuses of the %d accepted messages %.1f s after it%n",
        inboundBack, acceptedBeforeKill.size(), (System.nanoTime() - killedAt) / 1e9);

    // When the WebApp server is started again, its broker takes over from the backup
    int announced = domain.occurrences(LocalDomain.BROKER_BACKUP, LocalDomain.BACKUP_ANNOUNCED);
    domain.startServer(WEBAPP);
    domain.awaitLog(LocalDomain.BROKER_BACKUP, LocalDomain.BACKUP_ANNOUNCED, announced + 1, WAIT);
    String after = acceptAfterRestart(users.get(0));
    webhook.awaitStatus(after, "delivered", WAIT);
    load.accepted.put(after, users.get(0));

    // Then every accepted message reached its user exactly once, with its statuses and its reply
    DomainSteps.deliveredOnceWithReplies(sandbox, webhook, load.accepted, WAIT);
    System.out.println(
        "BrokerFailoverIT: "
            + load.accepted.size()
            + " messages accepted ("
            + load.refused.size()
            + " refused while the WebApp was down), each delivered once with its status and reply");
  }

  /** Splits the number into two shards and waits until each CoreApp serves one, connected. */
  private static void givenTwoShardsServedByTheTwoCoreApps() throws InterruptedException {
    DomainSteps.split(admin, CC, PHONE, 2, WAIT);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!COREAPPS.stream().allMatch(BrokerFailoverIT::servesOneShard)) {
      assertTrue(System.nanoTime() < deadline, "the CoreApps never served a shard each");
      Thread.sleep(200);
    }
  }

  private static boolean servesOneShard(String node) {
    try {
      ApiClient client = new ApiClient(domain.url(node)).withToken(admin.token());
      JsonObject self =
          client.get("/v1/health").json().getJsonObject("health").getJsonObject("primary:" + node);
      return self != null
          && self.containsKey("shards")
          && self.getJsonArray("shards").size() == 1
          && "connected".equals(self.getString("gateway_status", ""));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Sends a message through the restarted WebApp, retrying while it is still starting up. */
  private static String acceptAfterRestart(String user) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      ApiClient.Response sent = DomainSteps.sendText(admin, user, "after the restart");
      if (sent.status() == 201) {
        return sent.json().getJsonArray("messages").getJsonObject(0).getString("id");
      }
      assertTrue(System.nanoTime() < deadline, "not accepted after the restart: " + sent.text());
      Thread.sleep(1000);
    }
  }
}
