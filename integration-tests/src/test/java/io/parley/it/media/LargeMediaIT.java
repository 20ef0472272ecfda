package io.parley.it.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ItEnvironment;
import io.parley.it.StandaloneServer;
import io.parley.it.messaging.Parley;
import io.parley.it.messaging.Sandbox;
import io.parley.it.messaging.SandboxNode;
import io.parley.it.webhooks.TestWebhookReceiver;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 100 MB document through a server whose heap is capped at 192 MB: uploaded with {@code POST
 * /v1/media}, sent to a virtual user (read from the media store, encrypted, uploaded to the
 * network's blob store; the user's device downloads, verifies and decrypts it), and read back with
 * {@code GET /v1/media/{id}}, the same bytes each way. Were the content held in the heap anywhere
 * on its way (the request body, the store, the encryption, the blob upload, the download) the
 * server would run out of memory and the file would not arrive.
 *
 * <p>WildFly's full profile with Parley cannot run in less than 100 MB of heap (at 96 MB the
 * deployment fails with an OutOfMemoryError; at 128 MB a login's Argon2 hash already runs out).
 * With 192 MB its live set after boot is 122 MB (a class histogram, which collects first), so about
 * 70 MB are free: a buffered 100 MB file cannot fit.
 */
class LargeMediaIT {

  static final long MB = 1024 * 1024;
  static final int SIZE = (int) (100 * MB);
  static final String HEAP = "-Xms64m -Xmx192m";
  static final String CC = "1";
  static final String PHONE = "5550009100";
  static final String BUSINESS = CC + PHONE;
  static final String USER = "447700907001";
  static final Duration WAIT = Duration.ofSeconds(180);
  static final Pattern HEAP_MAX = Pattern.compile("(?m)^jvm_heap_max_bytes(?:\\{[^}]*})? (\\S+)$");

  private static SandboxNode node;
  private static StandaloneServer server;
  private static Sandbox sandbox;
  private static TestWebhookReceiver webhook;

  @BeforeAll
  static void start() throws Exception {
    node =
        SandboxNode.start(
            new StandaloneServer(
                    "large-media",
                    ItEnvironment.portOffset() + 70,
                    ItEnvironment.database() + "_large")
                .withHeap(HEAP));
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
  void a100MbDocumentIsUploadedSentAndDownloadedThroughA192MbHeap() throws Exception {
    ApiClient admin = new ApiClient(server.baseUrl()).asAdmin();
    double heapMax = heapMax(admin);
    assertTrue(heapMax > 0 && heapMax <= 192 * MB, "the server's heap is capped: " + heapMax);
    Parley.useWebhook(
        admin,
        webhook,
        Parley.json("{\"webhooks\":{\"message\":{\"sent\":true,\"delivered\":true}}}"));
    Parley.register(admin, sandbox, CC, PHONE);
    Parley.userWhoWrote(sandbox, USER, BUSINESS);
    byte[] document = new byte[SIZE];
    new Random(100).nextBytes(document);
    System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, document, 0, 9);

    ApiClient.Response uploaded =
        admin.sendBytes("POST", "/v1/media", document, Map.of("Content-Type", "application/pdf"));
    assertEquals(201, uploaded.status(), uploaded.text());
    String mediaId = uploaded.json().getJsonArray("media").getJsonObject(0).getString("id");

    ApiClient.Response sent =
        admin.post(
            "/v1/messages",
            Json.createObjectBuilder()
                .add("to", USER)
                .add("type", "document")
                .add(
                    "document",
                    Json.createObjectBuilder().add("id", mediaId).add("filename", "large.pdf"))
                .build());
    assertEquals(201, sent.status(), sent.text());
    String messageId = sent.json().getJsonArray("messages").getJsonObject(0).getString("id");
    webhook.awaitStatus(messageId, "delivered", WAIT);
    assertArrayEquals(document, sandbox.bytes("/control/users/" + USER + "/media/" + messageId));

    ApiClient.Response downloaded = admin.get("/v1/media/" + mediaId);
    assertEquals(200, downloaded.status());
    assertEquals("application/pdf", downloaded.header("Content-Type"));
    assertArrayEquals(document, downloaded.body());

    assertTrue(heapMax(admin) <= 192 * MB);
    Path log = server.consoleLog();
    assertFalse(
        Files.readString(log).contains("OutOfMemoryError"), "the server ran out of heap: " + log);
  }

  private static double heapMax(ApiClient admin) {
    ApiClient.Response metrics = admin.get("/metrics");
    assertEquals(200, metrics.status(), metrics.text());
    Matcher value = HEAP_MAX.matcher(metrics.text());
    assertTrue(value.find(), metrics.text());
    return Double.parseDouble(value.group(1));
  }
}
