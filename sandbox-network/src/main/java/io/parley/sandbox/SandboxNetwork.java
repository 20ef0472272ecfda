package io.parley.sandbox;

import io.parley.protocol.ratchet.RatchetException;
import io.parley.protocol.wire.WireFormatException;
import io.parley.sandbox.store.Journal;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running sandbox network: the journal-backed state, the transport port, the control API and
 * media port, the virtual users' thread pool and the sweeper for expired messages and media.
 */
public final class SandboxNetwork implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SandboxNetwork.class.getName());

  private final SandboxConfig config;
  private final Journal journal;
  private final NetworkKeys keys;
  private final Metrics metrics = new Metrics();
  private final Network network;
  private final MediaBlobs blobs;
  private final VirtualUsers users;
  private final ExecutorService workers;
  private final ScheduledExecutorService scheduler;
  private final TransportServer transport;
  private final HttpApi http;

  private SandboxNetwork(SandboxConfig config) throws IOException {
    this.config = config;
    Files.createDirectories(config.dataDir());
    SecureRandom random = new SecureRandom();
    this.keys = NetworkKeys.loadOrCreate(config.dataDir(), random);
    this.journal = Journal.open(config.dataDir());
    this.network =
        new Network(
            journal,
            new Accounts(journal, keys.certificates().publicKey(), random),
            metrics,
            random);
    this.blobs = new MediaBlobs(config.dataDir().resolve("blobs"), journal, random);
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.workers = Executors.newFixedThreadPool(threads, daemon("sandbox-user"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-timer"));
    try {
      this.users =
          new VirtualUsers(network, blobs, config.dataDir().resolve("users"), workers, scheduler);
    } catch (WireFormatException | RatchetException e) {
      throw new IOException("stored virtual users are unreadable", e);
    }
    metrics.gauge("sandbox_users", "Virtual users", () -> users.all().size());
    metrics.gauge("sandbox_blobs", "Media blobs stored", blobs::count);
    metrics.gauge("sandbox_journal_syncs", "Journal group commits forced to disk", journal::syncs);
    metrics.gauge(
        "sandbox_journal_bytes",
        "Bytes appended to the journal since start",
        journal::bytesWritten);
    this.transport =
        new TransportServer(network, keys, metrics, config.bindAddress(), config.transportPort());
    this.http = new HttpApi(this, config.bindAddress(), config.mediaPort(), config.controlPort());
    long sweep = config.sweepInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** Starts a sandbox network with {@code config}. */
  public static SandboxNetwork start(SandboxConfig config) throws IOException {
    return new SandboxNetwork(config);
  }

  private void sweep() {
    try {
      network.sweepExpired();
      long retention = network.rules.settings().mediaRetentionSeconds() * 1000;
      int removed = blobs.expire(System.currentTimeMillis() - retention);
      if (removed > 0) {
        metrics.count("sandbox_blobs_expired_total");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "sweep failed", e);
    }
  }

  /** The Noise transport port. */
  public int transportPort() {
    return transport.port();
  }

  /** The control API port (loopback). */
  public int controlPort() {
    return http.controlPort();
  }

  /** The media blob port. */
  public int mediaPort() {
    return http.mediaPort();
  }

  /** The static public key clients pin. */
  public byte[] transportKey() {
    return keys.transport().publicKey();
  }

  /** The public key that verifies verified-name certificates. */
  public byte[] certificateKey() {
    return keys.certificates().publicKey();
  }

  NetworkKeys keys() {
    return keys;
  }

  Network network() {
    return network;
  }

  VirtualUsers users() {
    return users;
  }

  MediaBlobs blobs() {
    return blobs;
  }

  Metrics metrics() {
    return metrics;
  }

  long maxBlobBytes() {
    return 256L << 20;
  }

  JsonObject describe() {
    return Json.createObjectBuilder()
        .add("transport_port", transportPort())
        .add("media_port", mediaPort())
        .add("control_port", controlPort())
        .add("transport_key", JsonText.b64(transportKey()))
        .add("certificate_key", JsonText.b64(certificateKey()))
        .add("data_dir", config.dataDir().toAbsolutePath().toString())
        .build();
  }

  JsonObject describeAccount(String waId) {
    JsonObject account = network.accounts.account(waId);
    if (account == null) {
      return null;
    }
    int shards = network.accounts.shards(waId);
    JsonArrayBuilder slots = Json.createArrayBuilder();
    int waiting = 0;
    for (int slot = 0; slot < shards; slot++) {
      int depth = network.mailboxes.depth(Mailboxes.endpoint(waId, slot));
      waiting += depth;
      slots.add(
          Json.createObjectBuilder()
              .add("slot", slot)
              .add("connected", transport.connected(waId, slot))
              .add("epoch", network.accounts.epoch(waId, slot))
              .add("logins", transport.logins(waId, slot))
              .add("waiting_frames", depth));
    }
    JsonObjectBuilder out =
        Json.createObjectBuilder()
            .add("wa_id", waId)
            .add("verified_name", account.getString("verified_name"))
            .add("epochs", account.getJsonObject("epochs"))
            .add("two_step", !account.getString("pin_hash", "").isEmpty())
            .add("shards", shards)
            .add("slots", slots)
            .add("connected", transport.connected(waId, Network.DEVICE))
            .add("one_time_prekeys", network.preKeys.remaining(waId, Network.DEVICE))
            .add("waiting_frames", waiting);
    return out.build();
  }

  @Override
  public void close() throws IOException {
    http.close();
    transport.close();
    scheduler.shutdownNow();
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    journal.close();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger count =
        new java.util.concurrent.atomic.AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
