package io.parley.bench;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.noise.NoiseChannel;
import io.parley.protocol.noise.NoiseException;
import io.parley.protocol.noise.NoiseHandshake;
import io.parley.protocol.noise.TransportSettings;
import io.parley.protocol.ratchet.DeviceKeys;
import io.parley.protocol.ratchet.PreKeyMessages;
import io.parley.protocol.ratchet.Session;
import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relay throughput of the sandbox network: one business connection sends one-kilobyte end-to-end
 * encrypted text messages round-robin to K online virtual users, whose devices decrypt each one and
 * send a delivered receipt back. It starts the sandbox as its own process on a fresh data folder,
 * measures for T seconds after a warm-up and reports accepted and delivered messages per second,
 * ack and delivery latencies, and CPU of both processes.
 *
 * <p>Usage: {@code RelayBenchmark [--users=50] [--seconds=30] [--warmup=5] [--window=1000]
 * [--size=1024] [--rate=0] [--out=FILE]}; {@code rate=0} sends as fast as the window of messages in
 * flight allows.
 */
public final class RelayBenchmark {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern PORTS =
      Pattern.compile(
          "transport port (\\d+), media port (\\d+), control API http://127.0.0.1:(\\d+)/");
  private static final long REQUESTS = 1L << 40;

  private final Options options;
  private Process sandbox;
  private SandboxControl control;
  private int transportPort;
  private int controlPort;
  private byte[] networkKey;
  private NoiseChannel channel;
  private final BlockingQueue<Frame> replies = new LinkedBlockingQueue<>();
  private final AtomicLong requestIds = new AtomicLong(REQUESTS);

  private long[] sentAt;
  private long[] ackedAt;
  private long[] deliveredAt;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private Semaphore window;

  private RelayBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new RelayBenchmark(Options.parse(args)).run();
  }

  private int option(String name, int fallback) {
    return options.integer(name, fallback);
  }

  private void run() throws Exception {
    int users = option("users", 50);
    int seconds = option("seconds", 30);
    int warmup = option("warmup", 5);
    int size = option("size", 1024);
    int rate = option("rate", 0);
    window = new Semaphore(option("window", 1000));
    int capacity = (seconds + warmup + 5) * 20_000;
    sentAt = new long[capacity];
    ackedAt = new long[capacity];
    deliveredAt = new long[capacity];

    Path data = Files.createTempDirectory("parley-relay-bench");
    startSandbox(data);
    try {
      X25519.KeyPair transportKey = X25519.generate(RANDOM);
      DeviceKeys keys = DeviceKeys.generate(RANDOM);
      String business = register(transportKey);
      connect(transportKey, business);
      request(keys.upload(keys.newOneTimePreKeys(users + 10, RANDOM)));
      control(
          "PATCH",
          "/control/rules",
          "{\"account_messages_per_second\":0,\"recipient_messages_per_minute\":0}");
      String[] numbers = new String[users];
      Session[] sessions = new Session[users];
      for (int u = 0; u < users; u++) {
        numbers[u] = Long.toString(447_700_000_000L + u);
        control(
            "POST",
            "/control/users",
            "{\"wa_id\":\"" + numbers[u] + "\",\"name\":\"User " + u + "\"}");
        control(
            "POST",
            "/control/users/" + numbers[u] + "/messages",
            "{\"to\":\"" + business + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
        Frame bundle = request(new Payload.PreKeyBundleRequest(numbers[u], 0));
        sessions[u] =
            Session.initiate(
                keys.identityKeyPair(),
                PreKeyMessages.fromPayload((Payload.PreKeyBundle) bundle.payload()),
                RANDOM);
      }
      char[] filler = new char[size];
      Arrays.fill(filler, 'x');
      String body = new String(filler);

      long start = System.nanoTime();
      long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
      long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
      long cpuBenchStart = 0;
      long cpuSandboxStart = 0;
      boolean measuring = false;
      int first = -1;
      int sent = 0;
      long interval = rate > 0 ? 1_000_000_000L / rate : 0;
      while (System.nanoTime() < end && sent < capacity) {
        if (!measuring && System.nanoTime() >= measureFrom) {
          measuring = true;
          first = sent;
          cpuBenchStart = benchCpuNanos();
          cpuSandboxStart = sandboxCpuNanos();
        }
        if (interval > 0) {
          long due = start + sent * interval;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
          continue;
        }
        int u = sent % users;
        byte[] ciphertext = sessions[u].encrypt(new Content.Text(body).encode());
        sentAt[sent] = System.nanoTime();
        channel.send(
            new Frame(
                sent + 1L,
                new Payload.Message(
                    "b." + sent, "", numbers[u], 0, 0, ciphertext, Content.Kind.TEXT, null)));
        sent++;
      }
      long stoppedAt = System.nanoTime();
      long cpuBench = benchCpuNanos() - cpuBenchStart;
      long cpuSandbox = sandboxCpuNanos() - cpuSandboxStart;
      int last = sent;
      long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (delivered.get() + refused.get() < sent && System.nanoTime() < grace) {
        Thread.sleep(50);
      }
      report(first, last, measureFrom, stoppedAt, cpuBench, cpuSandbox, users, size, sent);
    } finally {
      if (channel != null) {
        channel.close();
      }
      sandbox.destroy();
      sandbox.waitFor(10, TimeUnit.SECONDS);
      deleteTree(data);
    }
  }

  private void report(
      int first,
      int last,
      long from,
      long to,
      long cpuBench,
      long cpuSandbox,
      int users,
      int size,
      int sent)
      throws IOException {
    double seconds = (to - from) / 1e9;
    int accepted = 0;
    int deliveredInWindow = 0;
    long[] ackLatency = new long[last - first];
    long[] deliveryLatency = new long[last - first];
    int acks = 0;
    int deliveries = 0;
    for (int i = first; i < last; i++) {
      if (ackedAt[i] != 0) {
        ackLatency[acks++] = ackedAt[i] - sentAt[i];
        if (ackedAt[i] <= to) {
          accepted++;
        }
      }
      if (deliveredAt[i] != 0) {
        deliveryLatency[deliveries++] = deliveredAt[i] - sentAt[i];
        if (deliveredAt[i] <= to) {
          deliveredInWindow++;
        }
      }
    }
    long lost = sent - delivered.get() - refused.get();
    Percentiles ack = new Percentiles(ackLatency, acks);
    Percentiles delivery = new Percentiles(deliveryLatency, deliveries);
    String result =
        String.format(
            "| %d | %d B | %.0f s | %.0f | %.0f | %.1f / %.1f ms | %.1f / %.1f ms | %d | %d | %.0f%% | %.0f%% |%n",
            users,
            size,
            seconds,
            accepted / seconds,
            deliveredInWindow / seconds,
            ack.millis(0.50),
            ack.millis(0.99),
            delivery.millis(0.50),
            delivery.millis(0.99),
            refused.get(),
            lost,
            100.0 * cpuBench / (to - from),
            100.0 * cpuSandbox / (to - from));
    String header =
        "| users | message | measured | accepted/s (server ack) | delivered/s (device receipt) |"
            + " ack p50 / p99 | delivered p50 / p99 | refused | lost | CPU bench | CPU sandbox |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|\n";
    System.out.print(header + result);
    String out = options.get("out").orElse(null);
    if (out != null) {
      Files.writeString(Path.of(out), header + result, StandardCharsets.UTF_8);
    }
  }

  // ---- the business connection ----

  private String register(X25519.KeyPair transportKey) throws Exception {
    String cc = "1";
    String phone = "5550001111";
    JsonObject certificate =
        control(
            "POST",
            "/control/certificates",
            "{\"cc\":\"1\",\"phone_number\":\"5550001111\",\"verified_name\":\"Bench\"}");
    byte[] cert = Base64.getDecoder().decode(certificate.getString("certificate"));
    try (Socket socket = new Socket("127.0.0.1", transportPort)) {
      NoiseChannel anonymous =
          NoiseHandshake.client(
              socket,
              transportKey,
              networkKey,
              new Frame(0, new Payload.Login("", 0, 0)).encode(),
              TransportSettings.PARLEY_1);
      anonymous.send(new Frame(1, new Payload.Register(cc, phone, Payload.CodeMethod.SMS, cert)));
      expectRegistered(anonymous.receiveFrame());
      String code = control("GET", "/control/registrations/15550001111", null).getString("code");
      anonymous.send(new Frame(2, new Payload.Verify(cc, phone, code, "")));
      expectRegistered(anonymous.receiveFrame());
    }
    return cc + phone;
  }

  private static void expectRegistered(Frame frame) {
    if (!(frame.payload() instanceof Payload.RegisterResult result) || result.errorCode() != 0) {
      throw new IllegalStateException("registration failed: " + frame.payload());
    }
  }

  private void connect(X25519.KeyPair transportKey, String account) throws Exception {
    Socket socket = new Socket("127.0.0.1", transportPort);
    socket.setTcpNoDelay(true);
    channel =
        NoiseHandshake.client(
            socket,
            transportKey,
            networkKey,
            new Frame(0, new Payload.Login(account, 0, 1)).encode(),
            TransportSettings.PARLEY_1);
    Thread reader = new Thread(this::readLoop, "bench-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private Frame request(Payload payload) throws Exception {
    long id = requestIds.incrementAndGet();
    channel.send(new Frame(id, payload));
    while (true) {
      Frame reply = replies.poll(10, TimeUnit.SECONDS);
      if (reply == null) {
        throw new IllegalStateException("no reply to " + payload.getClass().getSimpleName());
      }
      if (reply.payload() instanceof Payload.Ack ack && ack.frameId() == id) {
        if (ack.errorCode() != 0) {
          throw new IllegalStateException("refused with " + ack.errorCode());
        }
        return reply;
      }
      if (reply.id() == id) {
        return reply;
      }
    }
  }

  private void readLoop() {
    try {
      Frame frame;
      while ((frame = channel.receiveFrame()) != null) {
        long now = System.nanoTime();
        Payload payload = frame.payload();
        if (payload instanceof Payload.Ack ack) {
          long id = ack.frameId();
          if (id >= REQUESTS) {
            replies.add(frame);
          } else if (id >= 1 && id <= sentAt.length) {
            int index = (int) (id - 1);
            if (ack.errorCode() == 0) {
              ackedAt[index] = now;
              acked.incrementAndGet();
            } else {
              refused.incrementAndGet();
              window.release();
            }
          }
        } else if (payload instanceof Payload.Receipt receipt) {
          if (receipt.status() == Payload.ReceiptStatus.DELIVERED
              && receipt.messageId().startsWith("b.")) {
            int index = Integer.parseInt(receipt.messageId().substring(2));
            if (deliveredAt[index] == 0) {
              deliveredAt[index] = now;
              delivered.incrementAndGet();
              window.release();
            }
          }
          channel.send(new Frame(0, new Payload.Ack(frame.id(), 0)));
        } else if (payload instanceof Payload.Message || payload instanceof Payload.UserEvent) {
          channel.send(new Frame(0, new Payload.Ack(frame.id(), 0)));
        } else if (frame.id() >= REQUESTS) {
          replies.add(frame);
        }
      }
    } catch (IOException | NoiseException e) {
      // Connection closed at the end of the run.
    }
  }

  // ---- the sandbox process and its control API ----

  private void startSandbox(Path data) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "io.parley.sandbox.SandboxMain",
            "--sandbox.data-dir=" + data,
            "--sandbox.transport-port=0",
            "--sandbox.media-port=0",
            "--sandbox.control-port=0");
    builder.redirectErrorStream(true);
    sandbox = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher ports = PORTS.matcher(line);
      if (ports.find()) {
        transportPort = Integer.parseInt(ports.group(1));
        controlPort = Integer.parseInt(ports.group(3));
      }
      if (line.startsWith("Network transport key (pin this): ")) {
        networkKey = Base64.getDecoder().decode(line.substring(line.indexOf(": ") + 2).trim());
        break;
      }
    }
    if (networkKey == null) {
      throw new IOException("the sandbox did not start");
    }
    control = new SandboxControl(controlPort);
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // Keep the pipe from filling up.
                }
              } catch (IOException e) {
                // Process gone.
              }
            });
    drain.setDaemon(true);
    drain.start();
  }

  private JsonObject control(String method, String path, String json) throws Exception {
    return control.call(method, path, json);
  }

  private static long benchCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private long sandboxCpuNanos() {
    return ProcCpu.process(sandbox.pid());
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
