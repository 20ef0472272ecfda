package io.parley.it.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.Digests;
import io.parley.it.ItEnvironment;
import io.parley.it.StandaloneServer;
import io.parley.it.messaging.Parley;
import io.parley.it.messaging.Sandbox;
import io.parley.it.messaging.SandboxNode;
import io.parley.it.webhooks.TestWebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WildFly killed with {@code kill -9} while media uploads are in flight. After the restart and the
 * transaction recovery, the media volume and the media table agree: every row has its file with the
 * row's size and SHA-256, no file lacks a row, nothing is left staged or in doubt, and every upload
 * the API acknowledged is there with its bytes.
 */
class MediaCrashIT {

  static final int UPLOADERS = 4;
  static final int ACKNOWLEDGED_BEFORE_KILL = 30;
  static final int RECEIVED_BEFORE_KILL = 10;
  static final Duration RECOVERY = Duration.ofSeconds(120);
  static final String CC = "1";
  static final String PHONE = "5550009200";
  static final String BUSINESS = CC + PHONE;
  static final List<String> USERS = List.of("447700909201", "447700909202");

  private static SandboxNode node;
  private static StandaloneServer server;
  private static String database;
  private static Sandbox sandbox;
  private static TestWebhookReceiver webhook;

  @BeforeAll
  static void start() throws Exception {
    database = ItEnvironment.database() + "_media_crash";
    node =
        SandboxNode.start(
            new StandaloneServer("media-crash", ItEnvironment.portOffset() + 80, database));
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
  void aKilledServerKeepsEveryAcknowledgedUploadAndLeavesNoOrphan() throws Exception {
    ApiClient admin = new ApiClient(server.baseUrl()).asAdmin();
    Parley.useWebhook(
        admin,
        webhook,
        Parley.json(
            "{\"media\":{\"auto_download\":[\"image\",\"document\",\"audio\",\"video\","
                + "\"voice\",\"sticker\"]}}"));
    Parley.register(admin, sandbox, CC, PHONE);
    for (String user : USERS) {
      Parley.userWhoWrote(sandbox, user, BUSINESS);
    }
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    Map<String, String> sentByUsers = new ConcurrentHashMap<>();
    AtomicBoolean stopping = new AtomicBoolean();
    ExecutorService uploaders = Executors.newFixedThreadPool(UPLOADERS);
    for (int t = 0; t < UPLOADERS; t++) {
      uploaders.execute(
          () -> {
            while (!stopping.get()) {
              byte[] content = new byte[100_000 + ThreadLocalRandom.current().nextInt(3_000_000)];
              ThreadLocalRandom.current().nextBytes(content);
              try {
                ApiClient.Response uploaded =
                    admin.sendBytes(
                        "POST", "/v1/media", content, Map.of("Content-Type", "video/mp4"));
                if (uploaded.status() == 201) {
                  acknowledged.put(
                      uploaded.json().getJsonArray("media").getJsonObject(0).getString("id"),
                      Digests.sha256(content));
                }
              } catch (RuntimeException e) {
                // The server is down: this upload was not acknowledged.
              }
            }
          });
    }
    // Meanwhile users send files, which Parley downloads from the network as they arrive.
    Thread senders =
        new Thread(
            () -> {
              for (int n = 0; !stopping.get(); n++) {
                byte[] content = new byte[50_000 + ThreadLocalRandom.current().nextInt(1_000_000)];
                ThreadLocalRandom.current().nextBytes(content);
                sentByUsers.put(
                    userSends(USERS.get(n % USERS.size()), content), Digests.sha256(content));
              }
            });
    senders.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while ((acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL
            || sentByUsers.size() < RECEIVED_BEFORE_KILL)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    server.kill();
    stopping.set(true);
    uploaders.shutdown();
    assertTrue(uploaders.awaitTermination(120, TimeUnit.SECONDS));
    senders.join();
    assertTrue(
        acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL,
        "only " + acknowledged.size() + " uploads acknowledged before the kill");
    assertTrue(
        sentByUsers.size() >= RECEIVED_BEFORE_KILL,
        "users sent only " + sentByUsers.size() + " files before the kill");

    server.start();
    // Every file a user sent reaches the webhook with its media id, after its download.
    Map<String, String> receivedMedia = new HashMap<>();
    for (Map.Entry<String, String> sent : sentByUsers.entrySet()) {
      JsonObject message =
          webhook
              .awaitMessage(
                  candidate -> sent.getKey().equals(candidate.getString("id", null)),
                  Duration.ofSeconds(120))
              .message();
      JsonObject media = message.getJsonObject(message.getString("type"));
      assertEquals(sent.getValue(), media.getString("sha256"), message.toString());
      receivedMedia.put(media.getString("id"), sent.getValue());
    }
    awaitRecovered();

    Path volume = server.dataDir().resolve("parley-media");
    Map<String, String> rows = mediaRows();
    Map<String, String> files = new HashMap<>();
    try (Stream<Path> stored = Files.list(volume.resolve("media"))) {
      for (Path file : stored.toList()) {
        files.put(file.getFileName().toString(), Digests.sha256(file));
      }
    }
    assertEquals(rows, files, "media rows (id to SHA-256) against the files on the volume");
    for (Map.Entry<String, String> upload : acknowledged.entrySet()) {
      assertEquals(
          upload.getValue(), rows.get(upload.getKey()), "acknowledged upload " + upload.getKey());
      ApiClient.Response read = admin.get("/v1/media/" + upload.getKey());
      assertEquals(200, read.status());
      assertEquals(upload.getValue(), Digests.sha256(read.body()));
    }
    for (Map.Entry<String, String> received : receivedMedia.entrySet()) {
      assertEquals(
          received.getValue(), rows.get(received.getKey()), "received media " + received.getKey());
      ApiClient.Response read = admin.get("/v1/media/" + received.getKey());
      assertEquals(200, read.status());
      assertEquals(received.getValue(), Digests.sha256(read.body()));
    }
    assertEquals(List.of(), stagedFiles(volume), "files left staged");
    System.out.printf(
        "MediaCrashIT: %d uploads acknowledged, %d files sent by users, %d media rows after the"
            + " restart%n",
        acknowledged.size(), receivedMedia.size(), rows.size());
  }

  /** Has {@code user} send {@code content} to the business as a document; its message id. */
  private static String userSends(String user, byte[] content) {
    return sandbox
        .object(
            201,
            "POST",
            "/control/users/" + user + "/messages",
            Json.createObjectBuilder()
                .add("to", BUSINESS)
                .add("type", "document")
                .add(
                    "document",
                    Json.createObjectBuilder()
                        .add("data", Base64.getEncoder().encodeToString(content))
                        .add("mime_type", "application/pdf")
                        .add("filename", "sent.pdf"))
                .build()
                .toString())
        .getString("id");
  }

  /**
   * Waits until the restarted server's transaction recovery has resolved every branch the kill left
   * prepared: none in doubt in the database, no prepare record on the media volume.
   */
  private static void awaitRecovered() throws Exception {
    Path log = server.dataDir().resolve("parley-media").resolve("txlog");
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    while (true) {
      Set<String> records = new HashSet<>();
      try (Stream<Path> entries = Files.list(log)) {
        entries.forEach(entry -> records.add(entry.getFileName().toString()));
      }
      int inDoubt = preparedInDatabase();
      if (records.isEmpty() && inDoubt == 0) {
        return;
      }
      assertTrue(
          System.nanoTime() < deadline,
          "still in doubt after " + RECOVERY + ": " + records + ", " + inDoubt + " in MySQL");
      Thread.sleep(1000);
    }
  }

  private static int preparedInDatabase() throws Exception {
    try (Connection connection = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet prepared = statement.executeQuery("XA RECOVER")) {
      int count = 0;
      while (prepared.next()) {
        count++;
      }
      return count;
    }
  }

  /**
   * The media table: id to SHA-256. With every type auto-downloaded and every webhook posted, each
   * row's content is in the store.
   */
  private static Map<String, String> mediaRows() throws Exception {
    try (Connection connection = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet media =
            statement.executeQuery("SELECT id, sha256, state FROM `" + database + "`.media")) {
      Map<String, String> rows = new HashMap<>();
      while (media.next()) {
        assertEquals("STORED", media.getString(3), "media " + media.getString(1));
        rows.put(media.getString(1), media.getString(2));
      }
      return rows;
    }
  }

  /** Files under the staging folder other than the lock files of the volume's open instances. */
  private static List<String> stagedFiles(Path volume) throws IOException {
    try (Stream<Path> staged = Files.walk(volume.resolve("staging"))) {
      return staged
          .filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().equals("owner.lock"))
          .map(Path::toString)
          .toList();
    }
  }
}
