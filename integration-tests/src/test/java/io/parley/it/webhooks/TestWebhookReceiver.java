package io.parley.it.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.parley.it.certificates.TestCertificates;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The business's webhook endpoint in end-to-end tests: HTTPS on an ephemeral port of {@code
 * 127.0.0.1} with a server certificate from a CA made for the test. Give Parley {@link #caPem()}
 * through {@code POST /v1/certificates/webhooks/ca} and {@link #url()} as {@code webhooks.url}. It
 * records every POST with its headers, answers 200 (503 while {@link #down()}) and lets a test wait
 * for the callback it expects; a wait that runs out fails the test with what did arrive.
 */
public final class TestWebhookReceiver implements AutoCloseable {

  /** One element of a callback's {@code messages} array, with the whole callback it came in. */
  public record MessageCallback(JsonObject message, JsonObject body) {}

  /** A callback answered 200: its headers and its body exactly as it arrived. */
  public record Delivery(Map<String, String> headers, String body) {}

  private final List<Delivery> deliveries = new java.util.ArrayList<>();

  /** Every callback answered 200, with headers and raw body, in order. */
  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  private static final char[] KEY_PASSWORD = "test".toCharArray();

  private final HttpsServer server;
  private final ExecutorService executor;
  private final String caPem;

  // All guarded by this; every change notifies the waiting tests.
  private final List<JsonObject> callbacks = new ArrayList<>();
  private final List<Map<String, String>> requestHeaders = new ArrayList<>();
  private final List<String> malformed = new ArrayList<>();
  private boolean down;

  private TestWebhookReceiver(HttpsServer server, ExecutorService executor, String caPem) {
    this.server = server;
    this.executor = executor;
    this.caPem = caPem;
  }

  /** A receiver listening on a free port of {@code 127.0.0.1}, answering 200. */
  public static TestWebhookReceiver start() throws Exception {
    TestCertificates.Issued ca = TestCertificates.ca("CN=Parley test webhook CA");
    TestCertificates.Issued leaf =
        TestCertificates.leaf(ca, Instant.now().plus(Duration.ofDays(7)));
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(
        "webhook",
        leaf.keys().getPrivate(),
        KEY_PASSWORD,
        new Certificate[] {leaf.certificate(), ca.certificate()});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, KEY_PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);

    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    ExecutorService executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "test-webhook-receiver");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    TestWebhookReceiver receiver =
        new TestWebhookReceiver(server, executor, TestCertificates.pem(ca.certificate()));
    server.createContext("/", receiver::serve);
    server.start();
    return receiver;
  }

  /** {@code https://127.0.0.1:<port>/webhook}. */
  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/webhook";
  }

  /** The PEM of the CA that issued the receiver's certificate. */
  public String caPem() {
    return caPem;
  }

  /** The bodies answered with 200, in the order they arrived. */
  public synchronized List<JsonObject> callbacks() {
    return List.copyOf(callbacks);
  }

  /** The first callback body, already received or arriving within {@code timeout}, that matches. */
  public JsonObject awaitCallback(Predicate<JsonObject> wanted, Duration timeout) {
    return await(
        "matching callback",
        timeout,
        body -> wanted.test(body) ? Optional.of(body) : Optional.empty());
  }

  /** The element of a callback's {@code statuses} with this message id and status. */
  public JsonObject awaitStatus(String messageId, String status, Duration timeout) {
    return await(
        "status " + status + " of " + messageId,
        timeout,
        body ->
            elements(body, "statuses")
                .filter(
                    element ->
                        messageId.equals(element.getString("id", null))
                            && status.equals(element.getString("status", null)))
                .findFirst());
  }

  /** The first element of a callback's {@code messages} that matches, with its whole callback. */
  public MessageCallback awaitMessage(Predicate<JsonObject> wanted, Duration timeout) {
    return await(
        "matching inbound message",
        timeout,
        body ->
            elements(body, "messages")
                .filter(wanted)
                .findFirst()
                .map(message -> new MessageCallback(message, body)));
  }

  /**
   * Waits until at least {@code count} POSTs have arrived (answered 200 or 503) and returns how
   * many.
   */
  public int awaitAttempts(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (requestHeaders.size() < count) {
        waitUntil(deadline, () -> count + " webhook attempts");
      }
      return requestHeaders.size();
    }
  }

  /** From now on every POST is answered 503 (and still counted in {@link #attempts()}). */
  public synchronized void down() {
    down = true;
  }

  /** From now on POSTs are answered 200 and recorded again. */
  public synchronized void up() {
    down = false;
  }

  /** Every POST received, whatever it was answered. */
  public synchronized int attempts() {
    return requestHeaders.size();
  }

  /**
   * The headers of the last POST received (names looked up case-insensitively, several values
   * joined with {@code ", "}), or an empty map before the first.
   */
  public synchronized Map<String, String> lastHeaders() {
    return requestHeaders.isEmpty() ? Map.of() : requestHeaders.get(requestHeaders.size() - 1);
  }

  /** The headers of every POST received, in order, as in {@link #lastHeaders()}. */
  public synchronized List<Map<String, String>> requestHeaders() {
    return List.copyOf(requestHeaders);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
      byte[] body = exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(record(Collections.unmodifiableMap(headers), body), -1);
    }
  }

  private synchronized int record(Map<String, String> headers, byte[] body) {
    requestHeaders.add(headers);
    notifyAll();
    if (down) {
      return 503;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      callbacks.add(reader.readObject());
      deliveries.add(new Delivery(headers, text));
      return 200;
    } catch (JsonException e) {
      // Parley sent something that is not a JSON object: answer 400 and show it when a wait fails.
      malformed.add(text);
      return 400;
    }
  }

  private <T> T await(String wanted, Duration timeout, Function<JsonObject, Optional<T>> find) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      int looked = 0;
      while (true) {
        for (; looked < callbacks.size(); looked++) {
          Optional<T> found = find.apply(callbacks.get(looked));
          if (found.isPresent()) {
            return found.get();
          }
        }
        waitUntil(deadline, () -> wanted);
      }
    }
  }

  /** Waits (holding this monitor) for the next change, or fails the test at the deadline. */
  private void waitUntil(long deadline, Supplier<String> wanted) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError(
          "no "
              + wanted.get()
              + " arrived at the test webhook; "
              + requestHeaders.size()
              + " POSTs, callbacks "
              + callbacks
              + (malformed.isEmpty() ? "" : ", not JSON objects " + malformed));
    }
    try {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + wanted.get(), e);
    }
  }

  private static Stream<JsonObject> elements(JsonObject body, String array) {
    JsonValue value = body.get(array);
    if (!(value instanceof JsonArray elements)) {
      return Stream.empty();
    }
    return elements.stream()
        .filter(element -> element.getValueType() == JsonValue.ValueType.OBJECT)
        .map(JsonValue::asJsonObject);
  }
}
