package io.parley.it.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ItEnvironment;
import io.parley.it.StandaloneServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
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
  static final Duration RECOVERY = Duration.ofSeconds(120);

  private static StandaloneServer server;
  private static String database;

  @BeforeAll
  static void start() throws Exception {
    database = ItEnvironment.database() + "_media_crash";
    server =
        new StandaloneServer("media-crash", ItEnvironment.portOffset() + 80, database).prepare();
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aKilledServerKeepsEveryAcknowledgedUploadAndLeavesNoOrphan() throws Exception {
    ApiClient admin = new ApiClient(server.baseUrl()).asAdmin();
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
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
                      sha256(content));
                }
              } catch (RuntimeException e) {
                // The server is down: this upload was not acknowledged.
              }
            }
          });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    server.kill();
    stopping.set(true);
    uploaders.shutdown();
    assertTrue(uploaders.awaitTermination(120, TimeUnit.SECONDS));
    assertTrue(
        acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL,
        "only " + acknowledged.size() + " uploads acknowledged before the kill");

    server.start();
    awaitRecovered();

    Path volume = server.dataDir().resolve("parley-media");
    Map<String, String> rows = mediaRows();
    Map<String, String> files = new HashMap<>();
    try (Stream<Path> stored = Files.list(volume.resolve("media"))) {
      for (Path file : stored.toList()) {
        files.put(file.getFileName().toString(), sha256(file));
      }
    }
    assertEquals(rows, files, "media rows (id to SHA-256) against the files on the volume");
    for (Map.Entry<String, String> upload : acknowledged.entrySet()) {
      assertEquals(
          upload.getValue(), rows.get(upload.getKey()), "acknowledged upload " + upload.getKey());
      ApiClient.Response read = admin.get("/v1/media/" + upload.getKey());
      assertEquals(200, read.status());
      assertEquals(upload.getValue(), sha256(read.body()));
    }
    assertEquals(List.of(), stagedFiles(volume), "files left staged");
    System.out.printf(
        "MediaCrashIT: %d uploads acknowledged, %d media rows after the restart%n",
        acknowledged.size(), rows.size());
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

  /** The media table: id to SHA-256. */
  private static Map<String, String> mediaRows() throws Exception {
    try (Connection connection = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet media =
            statement.executeQuery("SELECT id, sha256 FROM `" + database + "`.media")) {
      Map<String, String> rows = new HashMap<>();
      while (media.next()) {
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

  private static String sha256(byte[] content) {
    return HexFormat.of().formatHex(digest().digest(content));
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
