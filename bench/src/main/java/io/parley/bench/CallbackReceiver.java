package io.parley.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.parley.sandbox.webhook.LoopbackTls;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The business's webhook endpoint in the pipeline benchmark: HTTPS on a free port of {@code
 * 127.0.0.1}, with a server certificate from a CA made at start whose PEM Parley is given to trust.
 * It answers every POST with 200 at once and notes, per message id, when each status first arrived
 * ({@link System#nanoTime()}), how many statuses came again for the same message, the error codes
 * of failed statuses, and how many inbound messages arrived.
 */
final class CallbackReceiver implements AutoCloseable {

  /** The statuses noted, in the order of the arrays {@link #arrivals} returns. */
  static final List<String> STATUSES = List.of("sent", "delivered", "read", "failed");

  private static final char[] KEY_PASSWORD = "bench".toCharArray();

  private final HttpsServer server;
  private final ExecutorService executor;
  private final String caPem;
  private final Map<String, long[]> arrivals = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicLong> failureCodes = new ConcurrentHashMap<>();
  private final AtomicLong[] firsts = {
    new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()
  };
  private final AtomicLong posts = new AtomicLong();
  private final AtomicLong statuses = new AtomicLong();
  private final AtomicLong repeated = new AtomicLong();
  private final AtomicLong inbound = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();

  private CallbackReceiver(HttpsServer server, ExecutorService executor, String caPem) {
    this.server = server;
    this.executor = executor;
    this.caPem = caPem;
  }

  static CallbackReceiver start() throws IOException, GeneralSecurityException {
    LoopbackTls tls =
        LoopbackTls.issue("CN=Parley benchmark webhook CA", Duration.ofDays(1), KEY_PASSWORD);

    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 256);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            8,
            task -> {
              Thread thread = new Thread(task, "bench-webhook-receiver");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    CallbackReceiver receiver = new CallbackReceiver(server, executor, tls.caPem());
    server.createContext("/", receiver::serve);
    server.start();
    return receiver;
  }

  /** {@code https://127.0.0.1:<port>/webhook}, for {@code webhooks.url}. */
  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/webhook";
  }

  /** The CA's certificate in PEM, for {@code POST /v1/certificates/webhooks/ca}. */
  String caPem() {
    return caPem;
  }

  /**
   * When each of {@link #STATUSES} first arrived for {@code messageId} (0: not yet), or null when
   * none did.
   */
  long[] arrivals(String messageId) {
    long[] times = arrivals.get(messageId);
    if (times == null) {
      return null;
    }
    synchronized (times) {
      return times.clone();
    }
  }

  /** How many messages have had {@code status} so far. */
  long count(String status) {
    return firsts[STATUSES.indexOf(status)].get();
  }

  long posts() {
    return posts.get();
  }

  long statuses() {
    return statuses.get();
  }

  /** Statuses that arrived again for a message that already had them. */
  long repeated() {
    return repeated.get();
  }

  long inbound() {
    return inbound.get();
  }

  long malformed() {
    return malformed.get();
  }

  /** The error codes of failed statuses, with how often each came. */
  Map<Integer, Long> failureCodes() {
    Map<Integer, Long> codes = new java.util.TreeMap<>();
    failureCodes.forEach((code, count) -> codes.put(code, count.get()));
    return codes;
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
      byte[] body = exchange.getRequestBody().readAllBytes();
      long now = System.nanoTime();
      posts.incrementAndGet();
      // Answer first: the receiver should cost Parley as little waiting as possible.
      exchange.sendResponseHeaders(200, -1);
      record(body, now);
    }
  }

  private void record(byte[] body, long now) {
    JsonObject callback;
    try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
      callback = reader.readObject();
    } catch (JsonException e) {
      malformed.incrementAndGet();
      return;
    }
    if (callback.get("messages") instanceof JsonArray messages) {
      inbound.addAndGet(messages.size());
    }
    if (!(callback.get("statuses") instanceof JsonArray elements)) {
      return;
    }
    for (JsonValue value : elements) {
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        malformed.incrementAndGet();
        continue;
      }
      JsonObject status = value.asJsonObject();
      int index = STATUSES.indexOf(status.getString("status", ""));
      String id = status.getString("id", null);
      if (index < 0 || id == null) {
        malformed.incrementAndGet();
        continue;
      }
      statuses.incrementAndGet();
      if (index == STATUSES.indexOf("failed")) {
        failureCodes
            .computeIfAbsent(failureCode(status), code -> new AtomicLong())
            .incrementAndGet();
      }
      long[] times = arrivals.computeIfAbsent(id, key -> new long[STATUSES.size()]);
      synchronized (times) {
        if (times[index] == 0) {
          times[index] = now;
          firsts[index].incrementAndGet();
        } else {
          repeated.incrementAndGet();
        }
      }
    }
  }

  private static int failureCode(JsonObject status) {
    if (status.get("errors") instanceof JsonArray errors
        && !errors.isEmpty()
        && errors.get(0) instanceof JsonObject error) {
      return error.getInt("code", -1);
    }
    return -1;
  }
}
