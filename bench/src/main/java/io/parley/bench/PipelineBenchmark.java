package io.parley.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * End-to-end load on a running Parley and sandbox network (started by {@code bench/pipeline.sh}):
 * it logs in for the first time, registers the business with the sandbox, points the webhook at its
 * own HTTPS {@link CallbackReceiver}, creates K virtual users who each write to the business first
 * (so the network lets plain texts through) and send delivered receipts, then posts one-kilobyte
 * text messages round-robin to them at a fixed rate (open loop: every send is scheduled at {@code
 * start + i / rate}, whatever earlier sends are doing) for a warm-up and T measured seconds. The
 * warm-up can run at a rate of its own ({@code --warmup-rate}, so the JIT compiles the server's hot
 * paths without a backlog building up) and be followed by a quiet pause ({@code --settle} seconds)
 * before the measured window; the settings used are printed with the result.
 *
 * <p>It measures the accept latency ({@code POST /v1/messages} answered 201), the time to the
 * {@code sent} and {@code delivered} callbacks, all counted from each message's scheduled time (so
 * a stalled sender cannot hide latency), the rates inside the measured window, messages lost (no
 * delivered or failed status within a grace period after the last send), repeated statuses, and the
 * CPU of WildFly, the sandbox, MariaDB, the driver and the whole machine over the window.
 *
 * <p>Usage: {@code PipelineBenchmark --api=https://127.0.0.1:8643 --control-port=16281 [--rate=250]
 * [--seconds=300] [--warmup=15] [--warmup-rate=RATE] [--settle=0] [--users=50] [--size=1024]
 * [--grace=120] [--max-in-flight=128] [--http=1.1] [--client=blocking|jdk] [--read-after-ms=-1]
 * [--pids=wildfly:N,sandbox:N,...] [--thread-dumps=0] [--out=FILE]}.
 */
public final class PipelineBenchmark {

  private static final String CC = "1";
  private static final String PHONE = "5550002000";
  private static final String BUSINESS = CC + PHONE;
  private static final long FIRST_USER = 447_700_100_000L;
  private static final String ADMIN = "admin";
  private static final String FIRST_PASSWORD = "secret";
  private static final String PASSWORD = "Bench-pipeline-1";
  private static final long SECOND = 1_000_000_000L;
  private static final long LATE = 10_000_000L;
  private static final int BUCKET_SECONDS = 10;

  /**
   * Requests in flight at most: with HTTP/1.1 each is a connection of its own, as in a client's
   * bounded connection pool; a send that finds none free waits (and counts as late).
   */
  private static final int MAX_IN_FLIGHT = 128;

  private final Options options;
  private final URI api;
  private final SandboxControl sandbox;
  private final HttpClient http;
  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final String command;
  private String token;

  // Per message, by its index in sending order. Written by the dispatcher and by the threads that
  // complete the responses; read after the answered counter says they are complete.
  private long[] answeredAt;
  private int[] answerStatus;
  private String[] ids;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile int maxInFlight;
  private volatile int dispatched;

  private PipelineBenchmark(Options options, String command) throws GeneralSecurityException {
    this.options = options;
    this.command = command;
    this.api = URI.create(options.text("api", "https://127.0.0.1:8643"));
    this.sandbox = new SandboxControl(options.integer("control-port", 16281));
    this.http =
        HttpClient.newBuilder()
            .version(
                options.text("http", "1.1").equals("2")
                    ? HttpClient.Version.HTTP_2
                    : HttpClient.Version.HTTP_1_1)
            .sslContext(trustAll())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    for (String entry : options.text("pids", "").split(",")) {
      if (!entry.isBlank()) {
        String[] nameAndPid = entry.split(":");
        pids.put(nameAndPid[0], Long.parseLong(nameAndPid[1].trim()));
      }
    }
    pids.put("driver", ProcessHandle.current().pid());
  }

  public static void main(String[] args) throws Exception {
    new PipelineBenchmark(Options.parse(args), String.join(" ", args)).run();
  }

  private void run() throws Exception {
    int rate = options.integer("rate", 250);
    int seconds = options.integer("seconds", 300);
    int warmup = options.integer("warmup", 15);
    int warmupRate = options.integer("warmup-rate", rate);
    int settle = options.integer("settle", 0);
    int users = options.integer("users", 50);
    int size = options.integer("size", 1024);
    int readAfter = options.integer("read-after-ms", -1);
    try (CallbackReceiver webhook = CallbackReceiver.start()) {
      login();
      register();
      configureWebhook(webhook, readAfter >= 0);
      String[] numbers = createUsers(users, readAfter, webhook);
      Window window = send(numbers, rate, warmup, warmupRate, settle, seconds, size, webhook);
      awaitAnswers(Duration.ofSeconds(120));
      long drained =
          awaitStatuses(webhook, Duration.ofSeconds(options.integer("grace", 120)), window);
      report(window, webhook, drained, rate, seconds, warmup, warmupRate, settle, users, size);
    }
  }

  // ---- set-up through the API, as an operator would do it ----

  /** The first login changes the default admin password; a second run logs in with the new one. */
  private void login() throws Exception {
    long deadline = System.nanoTime() + 180 * SECOND;
    HttpResponse<String> first;
    while (true) {
      try {
        first =
            http.send(
                loginRequest(FIRST_PASSWORD, "{\"new_password\":\"" + PASSWORD + "\"}"),
                HttpResponse.BodyHandlers.ofString());
        break;
      } catch (ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
    HttpResponse<String> login =
        first.statusCode() == 200
            ? first
            : http.send(loginRequest(PASSWORD, null), HttpResponse.BodyHandlers.ofString());
    expect(login, 200);
    token = json(login.body()).getJsonArray("users").getJsonObject(0).getString("token");
  }

  private HttpRequest loginRequest(String password, String body) {
    String basic =
        Base64.getEncoder()
            .encodeToString((ADMIN + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(api.resolve("/v1/users/login"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/json")
        .POST(
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Certificate from the network, code requested, code verified, gateway connected. */
  private void register() throws Exception {
    String certificate =
        sandbox
            .call(
                "POST",
                "/control/certificates",
                "{\"cc\":\""
                    + CC
                    + "\",\"phone_number\":\""
                    + PHONE
                    + "\",\"verified_name\":\"Parley Bench\"}")
            .getString("certificate");
    HttpResponse<String> asked =
        call(
            "POST",
            "/v1/account",
            "{\"cc\":\""
                + CC
                + "\",\"phone_number\":\""
                + PHONE
                + "\",\"method\":\"sms\",\"cert\":\""
                + certificate
                + "\"}",
            "application/json");
    if (asked.statusCode() == 202) {
      String code =
          sandbox.call("GET", "/control/registrations/" + BUSINESS, null).getString("code");
      expect(
          call("POST", "/v1/account/verify", "{\"code\":\"" + code + "\"}", "application/json"),
          201);
    } else {
      expect(asked, 201);
    }
    long deadline = System.nanoTime() + 60 * SECOND;
    while (!gatewayStatus().equals("connected")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the gateway stayed " + gatewayStatus());
      }
      Thread.sleep(200);
    }
  }

  private String gatewayStatus() throws Exception {
    HttpResponse<String> health = call("GET", "/v1/health", null, null);
    expect(health, 200);
    return json(health.body()).getJsonObject("health").getString("gateway_status");
  }

  private void configureWebhook(CallbackReceiver webhook, boolean read) throws Exception {
    expect(call("POST", "/v1/certificates/webhooks/ca", webhook.caPem(), "text/plain"), 201);
    expect(
        call(
            "PATCH",
            "/v1/settings/application",
            "{\"webhooks\":{\"url\":\""
                + webhook.url()
                + "\",\"message\":{\"sent\":true,\"delivered\":true,\"read\":"
                + read
                + "}}}",
            "application/json"),
        200);
  }

  /**
   * K virtual users, each of whom writes to the business once (opening the window the network
   * checks); returns once their messages reached the webhook. The network's rate limits are lifted:
   * the benchmark measures Parley, not the sandbox's rules.
   */
  private String[] createUsers(int count, int readAfter, CallbackReceiver webhook)
      throws Exception {
    sandbox.call(
        "PATCH",
        "/control/rules",
        "{\"account_messages_per_second\":0,\"recipient_messages_per_minute\":0}");
    String[] numbers = new String[count];
    for (int u = 0; u < count; u++) {
      numbers[u] = Long.toString(FIRST_USER + u);
      sandbox.call(
          "POST",
          "/control/users",
          "{\"wa_id\":\""
              + numbers[u]
              + "\",\"name\":\"Bench user "
              + u
              + "\",\"read_after_ms\":"
              + readAfter
              + "}");
      sandbox.call(
          "POST",
          "/control/users/" + numbers[u] + "/messages",
          "{\"to\":\"" + BUSINESS + "\",\"type\":\"text\",\"text\":{\"body\":\"hello\"}}");
    }
    long deadline = System.nanoTime() + 120 * SECOND;
    while (webhook.inbound() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + webhook.inbound() + " of " + count + " user messages reached the webhook");
      }
      Thread.sleep(200);
    }
    return numbers;
  }

  // ---- the load ----

  /** The measured window: its bounds, the first measured message, CPU at both ends. */
  private record Window(
      long from,
      long to,
      int first,
      int total,
      CpuSample cpuFrom,
      CpuSample cpuTo,
      long maxLag,
      long lateSends,
      long throttled) {}

  /** CPU used so far by each measured process and by the whole machine, at a moment. */
  private record CpuSample(long at, Map<String, Long> processes, long machine) {}

  private CpuSample cpuSample() {
    Map<String, Long> processes = new LinkedHashMap<>();
    pids.forEach((name, pid) -> processes.put(name, ProcCpu.process(pid)));
    return new CpuSample(System.nanoTime(), processes, ProcCpu.machine());
  }

  private Window send(
      String[] numbers,
      int rate,
      int warmup,
      int warmupRate,
      int settle,
      int seconds,
      int size,
      CallbackReceiver webhook)
      throws Exception {
    int first = warmupRate * warmup;
    int total = first + rate * seconds;
    answeredAt = new long[total];
    answerStatus = new int[total];
    ids = new String[total];
    int inFlightLimit = options.integer("max-in-flight", MAX_IN_FLIGHT);
    Semaphore permits = new Semaphore(inFlightLimit);
    ApiConnections client =
        blockingClient() ? new ApiConnections(trustAll(), api, token, inFlightLimit) : null;
    String filler = "x".repeat(Math.max(0, size - 40));
    long start = System.nanoTime() + SECOND / 10;
    long from = start + (warmup + settle) * SECOND;
    long to = from + seconds * SECOND;
    ScheduledExecutorService progress = progress(webhook, start, from, to);
    CpuSample cpuFrom = null;
    long maxLag = 0;
    long late = 0;
    long throttled = 0;
    try {
      for (int i = 0; i < total; i++) {
        long due = i < first ? start + i * SECOND / warmupRate : from + (i - first) * SECOND / rate;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        if (i == first) {
          cpuFrom = cpuSample();
        }
        if (!permits.tryAcquire()) {
          throttled++;
          permits.acquire();
        }
        long lag = System.nanoTime() - due;
        maxLag = Math.max(maxLag, lag);
        if (lag > LATE) {
          late++;
        }
        int index = i;
        String body =
            "{\"to\":\""
                + numbers[i % numbers.length]
                + "\",\"type\":\"text\",\"text\":{\"body\":\"Pipeline benchmark message "
                + i
                + " "
                + filler
                + "\"}}";
        maxInFlight = Math.max(maxInFlight, inFlight.incrementAndGet());
        dispatched = i + 1;
        if (client != null) {
          client.post(
              "/v1/messages",
              body,
              (response, failure) -> answered(index, response, failure, permits));
        } else {
          http.sendAsync(request("POST", "/v1/messages", body, "application/json"), ofString())
              .whenComplete(
                  (response, failure) ->
                      answered(
                          index,
                          response == null
                              ? null
                              : new ApiConnections.Response(response.statusCode(), response.body()),
                          failure,
                          permits));
        }
      }
      for (long wait = to - System.nanoTime(); wait > 0; wait = to - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      return new Window(from, to, first, total, cpuFrom, cpuSample(), maxLag, late, throttled);
    } finally {
      progress.shutdownNow();
      if (client != null) {
        // The answers still awaited come before the connections close (or the wait gives up)
        permits.tryAcquire(inFlightLimit, 120, TimeUnit.SECONDS);
        client.close();
      }
    }
  }

  /**
   * Whether the sends go through {@link ApiConnections} ({@code --client=blocking}, the default)
   * rather than the JDK's {@link HttpClient} ({@code --client=jdk}, and always for HTTP/2).
   */
  private boolean blockingClient() {
    return options.text("client", "blocking").equals("blocking")
        && options.text("http", "1.1").equals("1.1");
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  /** Notes the answer to send {@code index} and frees its in-flight permit. */
  private void answered(
      int index, ApiConnections.Response response, Throwable failure, Semaphore permits) {
    answeredAt[index] = System.nanoTime();
    if (failure != null) {
      answerStatus[index] = -1;
      Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
      errors
          .computeIfAbsent(cause.getClass().getSimpleName(), key -> new AtomicLong())
          .incrementAndGet();
    } else {
      answerStatus[index] = response.status();
      if (response.status() == 201) {
        ids[index] =
            json(response.body()).getJsonArray("messages").getJsonObject(0).getString("id");
        accepted.incrementAndGet();
      } else {
        errors
            .computeIfAbsent("HTTP " + response.status(), key -> new AtomicLong())
            .incrementAndGet();
      }
    }
    answered.incrementAndGet();
    inFlight.decrementAndGet();
    permits.release();
  }

  /** A line every ten seconds while sending; thread dumps of WildFly when asked for. */
  private ScheduledExecutorService progress(
      CallbackReceiver webhook, long start, long from, long to) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bench-progress");
              thread.setDaemon(true);
              return thread;
            });
    CpuSample[] last = {cpuSample()};
    long[] lastDelivered = {0};
    System.out.printf(
        "%6s %8s %8s %8s %8s %8s %6s %7s  CPU %% of one core (interval)%n",
        "t", "sent", "accepted", "errors", "cb sent", "deliv.", "flight", "deliv/s");
    executor.scheduleAtFixedRate(
        () -> {
          CpuSample cpu = cpuSample();
          long delivered = webhook.count("delivered");
          StringBuilder usage = new StringBuilder();
          usage(last[0], cpu)
              .forEach((name, percent) -> usage.append(String.format(" %s %.0f", name, percent)));
          System.out.printf(
              "%5.0fs %8d %8d %8d %8d %8d %6d %7.1f %s%n",
              (cpu.at() - start) / 1e9,
              dispatched,
              accepted.get(),
              errors.values().stream().mapToLong(AtomicLong::get).sum(),
              webhook.count("sent"),
              delivered,
              inFlight.get(),
              (delivered - lastDelivered[0]) * 1e9 / (cpu.at() - last[0].at()),
              usage);
          last[0] = cpu;
          lastDelivered[0] = delivered;
        },
        BUCKET_SECONDS,
        BUCKET_SECONDS,
        TimeUnit.SECONDS);
    int dumps = options.integer("thread-dumps", 0);
    Long wildfly = pids.get("wildfly");
    for (int d = 1; d <= dumps && wildfly != null; d++) {
      long at = from + (to - from) * d / (dumps + 1);
      int number = d;
      executor.schedule(
          () -> threadDump(wildfly, number), at - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
    return executor;
  }

  private void threadDump(long pid, int number) {
    Path file = outputDirectory().resolve("wildfly-threads-" + number + ".txt");
    try {
      new ProcessBuilder("jstack", Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(file.toFile())
          .start()
          .waitFor(60, TimeUnit.SECONDS);
      System.out.println("thread dump of WildFly: " + file);
    } catch (IOException e) {
      System.out.println("no thread dump: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Path outputDirectory() {
    Path out = Path.of(options.text("out", "pipeline-result.md")).toAbsolutePath();
    return out.getParent();
  }

  /**
   * Per cent of one core each process used between two samples, then the rest of the machine
   * ({@code other}) and the whole machine ({@code machine}, of 100 per core).
   */
  private static Map<String, Double> usage(CpuSample from, CpuSample to) {
    Map<String, Double> usage = new LinkedHashMap<>();
    double span = to.at() - from.at();
    long ours = 0;
    for (var entry : to.processes().entrySet()) {
      long used = entry.getValue() - from.processes().get(entry.getKey());
      ours += used;
      usage.put(entry.getKey(), 100.0 * used / span);
    }
    long machine = to.machine() - from.machine();
    usage.put("other", 100.0 * (machine - ours) / span);
    usage.put("machine", 100.0 * machine / span);
    return usage;
  }

  private void awaitAnswers(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (answered.get() < dispatched && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  /**
   * Waits until every accepted message has its delivered (or failed) status, or the grace period
   * after the window ran out; when the last of them arrived, relative to the end of the window.
   */
  private long awaitStatuses(CallbackReceiver webhook, Duration grace, Window window)
      throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    int delivered = CallbackReceiver.STATUSES.indexOf("delivered");
    int failed = CallbackReceiver.STATUSES.indexOf("failed");
    while (true) {
      long last = 0;
      boolean waiting = false;
      for (int i = 0; i < window.total(); i++) {
        if (ids[i] == null) {
          continue;
        }
        long[] times = webhook.arrivals(ids[i]);
        if (times == null || (times[delivered] == 0 && times[failed] == 0)) {
          waiting = true;
          break;
        }
        last = Math.max(last, Math.max(times[delivered], times[failed]));
      }
      if (!waiting) {
        return last - window.to();
      }
      if (System.nanoTime() > deadline) {
        return -1;
      }
      Thread.sleep(500);
    }
  }

  // ---- the report ----

  private void report(
      Window window,
      CallbackReceiver webhook,
      long drained,
      int rate,
      int seconds,
      int warmup,
      int warmupRate,
      int settle,
      int users,
      int size)
      throws IOException {
    int sentIndex = CallbackReceiver.STATUSES.indexOf("sent");
    int deliveredIndex = CallbackReceiver.STATUSES.indexOf("delivered");
    int failedIndex = CallbackReceiver.STATUSES.indexOf("failed");
    double windowSeconds = (window.to() - window.from()) / 1e9;
    int measured = window.total() - window.first();
    long[] acceptLatency = new long[measured];
    long[] sentLatency = new long[measured];
    long[] deliveredLatency = new long[measured];
    int accepts = 0;
    int sents = 0;
    int deliveries = 0;
    int acceptedInWindow = 0;
    int deliveredInWindow = 0;
    int buckets = (int) Math.max(1, windowSeconds / BUCKET_SECONDS);
    int[] deliveredPerBucket = new int[buckets];
    int lost = 0;
    int failed = 0;
    int withoutSent = 0;
    long maxAccept = 0;
    for (int i = 0; i < window.total(); i++) {
      long due = window.from() + (long) (i - window.first()) * SECOND / rate;
      long[] times = ids[i] == null ? null : webhook.arrivals(ids[i]);
      if (ids[i] != null) {
        if (times == null || (times[deliveredIndex] == 0 && times[failedIndex] == 0)) {
          lost++;
        } else if (times[deliveredIndex] == 0) {
          failed++;
        }
        if (times == null || times[sentIndex] == 0) {
          withoutSent++;
        }
      }
      if (answerStatus[i] == 201 && inside(answeredAt[i], window)) {
        acceptedInWindow++;
      }
      if (times != null && times[deliveredIndex] != 0 && inside(times[deliveredIndex], window)) {
        deliveredInWindow++;
        int bucket = (int) ((times[deliveredIndex] - window.from()) / (BUCKET_SECONDS * SECOND));
        if (bucket < buckets) {
          deliveredPerBucket[bucket]++;
        }
      }
      if (i < window.first()) {
        continue;
      }
      if (answerStatus[i] == 201) {
        acceptLatency[accepts++] = answeredAt[i] - due;
        maxAccept = Math.max(maxAccept, answeredAt[i] - due);
      }
      if (times != null && times[sentIndex] != 0) {
        sentLatency[sents++] = times[sentIndex] - due;
      }
      if (times != null && times[deliveredIndex] != 0) {
        deliveredLatency[deliveries++] = times[deliveredIndex] - due;
      }
    }
    int minBucket = Integer.MAX_VALUE;
    for (int count : deliveredPerBucket) {
      minBucket = Math.min(minBucket, count);
    }
    Percentiles accept = new Percentiles(acceptLatency, accepts);
    Percentiles sent = new Percentiles(sentLatency, sents);
    Percentiles delivered = new Percentiles(deliveredLatency, deliveries);
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((name, count) -> errorCounts.put(name, count.get()));

    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "Messaging pipeline, %s: %d msg/s offered for %d s after a %d s warm-up at %d msg/s"
                + " and a %d s pause, %d users, %d-byte texts, HTTP/%s (%s client)%n%n",
            LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE),
            rate,
            seconds,
            warmup,
            warmupRate,
            settle,
            users,
            size,
            options.text("http", "1.1"),
            blockingClient() ? "blocking" : "JDK"));
    out.append(
        "| offered | accepted/s | delivered/s (slowest 10 s) | accept p50 / p99 / max |"
            + " sent p50 / p99 | delivered p50 / p99 | errors | failed | lost | repeated |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n");
    out.append(
        String.format(
            "| %d/s | %.1f | %.1f (%.1f) | %.1f / %.1f / %.0f ms | %.0f / %.0f ms | %.0f / %.0f ms"
                + " | %s | %d | %d | %d |%n%n",
            rate,
            acceptedInWindow / windowSeconds,
            deliveredInWindow / windowSeconds,
            minBucket / (double) BUCKET_SECONDS,
            accept.millis(0.50),
            accept.millis(0.99),
            maxAccept / 1e6,
            sent.millis(0.50),
            sent.millis(0.99),
            delivered.millis(0.50),
            delivered.millis(0.99),
            errorCounts.isEmpty() ? "0" : errorCounts.toString(),
            failed,
            lost,
            webhook.repeated()));
    Map<String, Double> usage = usage(window.cpuFrom(), window.cpuTo());
    StringBuilder header = new StringBuilder("| CPU, % of one core |");
    StringBuilder line = new StringBuilder("| measured window |");
    for (var entry : usage.entrySet()) {
      header.append(' ').append(entry.getKey()).append(" |");
      line.append(String.format(" %.0f |", entry.getValue()));
    }
    out.append(header)
        .append('\n')
        .append("|---".repeat(usage.size() + 1))
        .append("|\n")
        .append(line)
        .append('\n');
    out.append(
        String.format(
            "%nAll %d messages (warm-up included): %d accepted, %d delivered, %d failed %s,"
                + " %d lost (no delivered or failed status %s), %d without a sent status,"
                + " %d repeated statuses, %d malformed callbacks; %d webhook posts carried %d"
                + " statuses.%n",
            window.total(),
            accepted.get(),
            webhook.count("delivered"),
            webhook.count("failed"),
            webhook.failureCodes(),
            lost,
            drained < 0
                ? "within " + options.integer("grace", 120) + " s of the last send"
                : "at the end; the last arrived " + drained / 1_000_000 + " ms after the last send",
            withoutSent,
            webhook.repeated(),
            webhook.malformed(),
            webhook.posts(),
            webhook.statuses()));
    out.append(
        String.format(
            "Sender: %d sends more than 10 ms behind schedule (worst %.0f ms), %d waited for one"
                + " of the %d in-flight permits, at most %d requests in flight. CPU in %% of one"
                + " core (the machine has %d); other: processes not measured.%n",
            window.lateSends(),
            window.maxLag() / 1e6,
            window.throttled(),
            options.integer("max-in-flight", MAX_IN_FLIGHT),
            maxInFlight,
            Runtime.getRuntime().availableProcessors()));
    out.append(String.format("Arguments: %s%n", command));
    System.out.println();
    System.out.print(out);
    String file = options.get("out").orElse(null);
    if (file != null) {
      Files.writeString(Path.of(file), out, StandardCharsets.UTF_8);
    }
  }

  private static boolean inside(long time, Window window) {
    return time >= window.from() && time <= window.to();
  }

  // ---- HTTP helpers ----

  private HttpRequest request(String method, String path, String body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return request.build();
  }

  private HttpResponse<String> call(String method, String path, String body, String contentType)
      throws IOException, InterruptedException {
    return http.send(request(method, path, body, contentType), ofString());
  }

  private static void expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri().getPath()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
  }

  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  /** Parley's HTTPS certificate is self-signed on a fresh install: trust it on loopback. */
  private static SSLContext trustAll() throws GeneralSecurityException {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, null);
    return context;
  }
}
