package io.parley.sandbox.webhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

/**
 * A sample HTTPS endpoint to point Parley's {@code webhooks.url} at, for trying callbacks out by
 * hand. On its first run it makes a self-signed CA and a server certificate for {@code 127.0.0.1}
 * and {@code localhost}, keeps the server's key and chain in its folder and writes the CA as {@code
 * webhook-ca.pem}, the PEM to upload with {@code POST /v1/certificates/webhooks/ca}. It answers
 * every POST with 200, prints one line per callback and keeps the last {@value #KEPT} readable at
 * {@code GET /callbacks}. Given a secret it verifies Standard Webhooks signatures ({@code
 * webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}) and answers 401 to a callback
 * without a valid one.
 *
 * <pre>
 * java -cp sandbox-network/target/parley-sandbox-network.jar \
 *     io.parley.sandbox.webhook.SampleWebhookReceiver [--port=5443] [--dir=PATH] [--secret=whsec_...]
 * </pre>
 */
public final class SampleWebhookReceiver implements AutoCloseable {

  static final int KEPT = 1000;
  static final String CA_PEM = "webhook-ca.pem";
  static final String SERVER_KEYSTORE = "webhook-server.p12";

  private static final String USAGE =
      "usage: SampleWebhookReceiver [--port=5443] [--dir=sandbox-network/data/webhook]"
          + " [--secret=<secret or whsec_base64>]";
  private static final Logger LOG = Logger.getLogger(SampleWebhookReceiver.class.getName());
  private static final String HOST = "127.0.0.1";

  /** The keystore only keeps the server's own key; the folder's permissions are what protect it. */
  private static final char[] KEYSTORE_PASSWORD = "parley-sample".toCharArray();

  /** How far a signed timestamp may be from now, as the Standard Webhooks libraries allow. */
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static final Duration VALIDITY = Duration.ofDays(3650);

  private final HttpsServer server;
  private final ExecutorService executor;
  private final Path caPem;
  private final byte[] signingKey;
  private final PrintStream out;
  private final Deque<JsonObject> callbacks = new ArrayDeque<>();

  private SampleWebhookReceiver(
      HttpsServer server,
      ExecutorService executor,
      Path caPem,
      byte[] signingKey,
      PrintStream out) {
    this.server = server;
    this.executor = executor;
    this.caPem = caPem;
    this.signingKey = signingKey;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    int port = 5443;
    Path dir = Path.of("sandbox-network", "data", "webhook");
    String secret = null;
    try {
      for (String arg : args) {
        if (arg.startsWith("--port=")) {
          port = Integer.parseInt(arg.substring("--port=".length()));
        } else if (arg.startsWith("--dir=")) {
          dir = Path.of(arg.substring("--dir=".length()));
        } else if (arg.startsWith("--secret=")) {
          secret = arg.substring("--secret=".length());
          signingKey(secret);
        } else {
          throw new IllegalArgumentException("unknown argument " + arg);
        }
      }
    } catch (IllegalArgumentException e) {
      LOG.severe(e.getMessage() + "\n" + USAGE);
      System.exit(2);
    }
    SampleWebhookReceiver receiver = start(port, dir, secret, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  receiver.close();
                  stopped.countDown();
                }));
    LOG.info("Sample webhook receiver up: " + receiver.url() + " (CA: " + receiver.caPem() + ")");
    if (secret != null) {
      LOG.info("Verifying Standard Webhooks signatures: a callback without a valid one gets 401");
    }
    stopped.await();
  }

  /**
   * Starts a receiver on {@code 127.0.0.1}.
   *
   * @param port the port, 0 for any free one
   * @param dir where the certificates are kept (made on the first run)
   * @param secret the Standard Webhooks secret ({@code whsec_} and base64, or the key's text), or
   *     null to accept callbacks without checking signatures
   * @param out where each callback and each rejection is printed
   */
  public static SampleWebhookReceiver start(int port, Path dir, String secret, PrintStream out)
      throws IOException, GeneralSecurityException {
    byte[] signingKey = secret == null ? null : signingKey(secret);
    SSLContext tls = certificates(dir).serverContext();

    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "sample-webhook-receiver");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    SampleWebhookReceiver receiver =
        new SampleWebhookReceiver(
            server, executor, dir.resolve(CA_PEM).toAbsolutePath().normalize(), signingKey, out);
    server.createContext("/", receiver::serve);
    server.start();
    return receiver;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The URL to configure as Parley's {@code webhooks.url}. */
  public String url() {
    return "https://" + HOST + ":" + port() + "/webhook";
  }

  /** The CA certificate in PEM, for {@code POST /v1/certificates/webhooks/ca}. */
  public Path caPem() {
    return caPem;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if ("POST".equals(method)) {
        receive(exchange);
      } else if ("GET".equals(method) && "/callbacks".equals(exchange.getRequestURI().getPath())) {
        byte[] json = callbacksJson().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream body = exchange.getResponseBody()) {
          body.write(json);
        }
      } else {
        exchange.sendResponseHeaders("GET".equals(method) ? 404 : 405, -1);
      }
    }
  }

  private void receive(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Headers headers = exchange.getRequestHeaders();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String path = exchange.getRequestURI().getPath();
    String ids = ids(headers);
    if (signingKey != null) {
      String problem =
          signatureProblem(
              signingKey,
              headers.getFirst("webhook-id"),
              headers.getFirst("webhook-timestamp"),
              headers.getFirst("webhook-signature"),
              body,
              now);
      if (problem != null) {
        out.println(now + " WARNING rejected POST " + path + ids + " with 401: " + problem);
        exchange.sendResponseHeaders(401, -1);
        return;
      }
    }
    JsonValue parsed = parse(body);
    out.println(now + " POST " + path + ids + " " + parsed);
    JsonObjectBuilder headerObject = Json.createObjectBuilder();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      headerObject.add(
          header.getKey().toLowerCase(Locale.ROOT), String.join(", ", header.getValue()));
    }
    JsonObject callback =
        Json.createObjectBuilder()
            .add("received_at", now.toString())
            .add("path", path)
            .add("headers", headerObject)
            .add("body", parsed)
            .build();
    synchronized (callbacks) {
      callbacks.addLast(callback);
      if (callbacks.size() > KEPT) {
        callbacks.removeFirst();
      }
    }
    exchange.sendResponseHeaders(200, -1);
  }

  private String callbacksJson() {
    JsonArrayBuilder array = Json.createArrayBuilder();
    synchronized (callbacks) {
      callbacks.forEach(array::add);
    }
    return array.build().toString();
  }

  private static String ids(Headers headers) {
    StringBuilder ids = new StringBuilder();
    for (String name : new String[] {"webhook-id", "X-Request-Id"}) {
      String value = headers.getFirst(name);
      if (value != null) {
        ids.append(' ').append(name.toLowerCase(Locale.ROOT)).append('=').append(value);
      }
    }
    return ids.toString();
  }

  /** The body as JSON, printed on one line; a body that is not JSON is kept as a string. */
  private static JsonValue parse(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readValue();
    } catch (JsonException e) {
      return Json.createValue(text);
    }
  }

  /** The HMAC key of a Standard Webhooks secret: base64 after {@code whsec_}, else its text. */
  static byte[] signingKey(String secret) {
    byte[] key =
        secret.startsWith("whsec_")
            ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
            : secret.getBytes(StandardCharsets.UTF_8);
    if (key.length == 0) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    return key;
  }

  /** {@code v1,} and the base64 HMAC-SHA256 of {@code <id>.<timestamp>.<body>}. */
  static String signature(byte[] key, String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Why a callback's signature does not hold, or null when it does. */
  static String signatureProblem(
      byte[] key, String id, String timestamp, String signatures, byte[] body, Instant now) {
    if (id == null || timestamp == null || signatures == null) {
      return "missing webhook-id, webhook-timestamp or webhook-signature";
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return "webhook-timestamp is not a number of seconds";
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return "webhook-timestamp is more than " + TOLERANCE.toMinutes() + " minutes from now";
    }
    byte[] expected = signature(key, id, timestamp.trim(), body).getBytes(StandardCharsets.UTF_8);
    // The header may carry several space-separated signatures (key rotation); one match is enough.
    for (String candidate : signatures.trim().split(" +")) {
      if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
        return null;
      }
    }
    return "no webhook-signature matches the body";
  }

  /**
   * The server's key and chain from {@code dir}, made (with the CA's PEM) on the first run. The
   * CA's private key is not kept: it signs the server certificate once and is dropped.
   */
  private static LoopbackTls certificates(Path dir) throws IOException, GeneralSecurityException {
    Path keyStoreFile = dir.resolve(SERVER_KEYSTORE);
    Path pem = dir.resolve(CA_PEM);
    if (Files.exists(keyStoreFile) && Files.exists(pem)) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(keyStoreFile)) {
        keyStore.load(in, KEYSTORE_PASSWORD);
      }
      return LoopbackTls.of(keyStore, KEYSTORE_PASSWORD);
    }
    Files.createDirectories(dir);
    LoopbackTls tls = LoopbackTls.issue("CN=Parley sample webhook CA", VALIDITY, KEYSTORE_PASSWORD);
    Path part = dir.resolve(SERVER_KEYSTORE + ".part");
    try (var file = Files.newOutputStream(part)) {
      tls.keyStore().store(file, KEYSTORE_PASSWORD);
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
    }
    Files.writeString(pem, tls.caPem());
    Files.move(part, keyStoreFile, StandardCopyOption.REPLACE_EXISTING);
    return tls;
  }
}
