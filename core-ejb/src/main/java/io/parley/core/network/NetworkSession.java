package io.parley.core.network;

import io.parley.core.account.AccountService;
import io.parley.core.cluster.NodeRole;
import io.parley.core.config.ParleyConfig;
import io.parley.core.health.GatewayStatus;
import io.parley.protocol.noise.NoiseChannel;
import io.parley.protocol.noise.NoiseException;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * This node's connections to the messaging network, one per shard it holds, under Jakarta
 * Concurrency: each logs in to its shard's slot with the account's transport key and the epoch of
 * the shard's lease, pins the network's key, reconnects with back-off, and carries requests
 * (messages, receipts, key and contact lookups) with their answers. {@code ShardKeeper} opens and
 * closes them as it takes and gives up leases.
 *
 * <p>Frames the network stores for Parley (messages, receipts, user events) are handed to the
 * persistent inbound queue in batches and acknowledged to the network only after that commit, so a
 * crash loses none: the network redelivers what was not acknowledged.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NetworkSession {

  private static final Logger LOG = Logger.getLogger(NetworkSession.class);
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  private static final int INBOUND_BATCH = 200;

  /**
   * How long a batch of stored frames waits for more before it is queued. Receipts come one by one
   * as the users' devices send them; queued as they came, nearly each had a broker transaction and
   * then a database transaction of its own. Inbound messages and statuses reach the webhook that
   * much later.
   */
  private static final long INBOUND_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private static final int PREKEY_BATCH = 100;

  /** What the holder of a shard hears about its connection. */
  public interface ShardListener {
    /** The network confirmed the login: the shard can send. */
    void connected(int shard);

    /** The network refused the epoch or replaced the connection: another node holds the shard. */
    void superseded(int shard);
  }

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;
  @Inject ParleyConfig config;
  @EJB AccountService accounts;
  @EJB InboundQueue inbound;
  @EJB RemoteNetwork remote;

  private final AtomicLong nextFrameId = new AtomicLong(1);
  private final SortedMap<Integer, ShardLink> links = new ConcurrentSkipListMap<>();
  private volatile boolean stopping;

  /** One shard's slot: its lease epoch, its current connection and its reconnect state. */
  private final class ShardLink {
    final int shard;
    final long epoch;
    final ShardListener listener;
    volatile GatewayStatus status = GatewayStatus.CONNECTING;
    volatile Connection current;
    volatile boolean closed;
    boolean connectScheduled;
    int failures;

    ShardLink(int shard, long epoch, ShardListener listener) {
      this.shard = shard;
      this.epoch = epoch;
      this.listener = listener;
    }
  }

  /** One live connection: its channel and the frames waiting to be queued and acknowledged. */
  private static final class Connection {
    final NoiseChannel channel;
    final BlockingQueue<Frame> stored = new LinkedBlockingQueue<>();
    final Map<Long, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
    volatile boolean open = true;

    Connection(NoiseChannel channel) {
      this.channel = channel;
    }

    void send(Frame frame) throws IOException, NoiseException {
      channel.send(frame);
    }

    void close() {
      open = false;
      try {
        channel.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }
  }

  @PreDestroy
  void stop() {
    stopping = true;
    for (ShardLink link : links.values()) {
      close(link);
    }
  }

  /**
   * Connects shard {@code shard}'s slot with {@code epoch} (the lease's), and keeps it connected
   * until {@link #close(int)}. A link already open with another epoch is replaced.
   */
  public void open(int shard, long epoch, ShardListener listener) {
    ShardLink link = new ShardLink(shard, epoch, listener);
    ShardLink previous;
    synchronized (links) {
      if (stopping) {
        return;
      }
      previous = links.get(shard);
      if (previous != null && previous.epoch == epoch && !previous.closed) {
        return;
      }
      links.put(shard, link);
    }
    if (previous != null) {
      close(previous);
    }
    scheduleConnect(link, 0);
  }

  /** Closes shard {@code shard}'s connection; this node no longer speaks for it. */
  public void close(int shard) {
    ShardLink link;
    synchronized (links) {
      link = links.remove(shard);
    }
    if (link != null) {
      close(link);
    }
  }

  private void close(ShardLink link) {
    link.closed = true;
    link.status = GatewayStatus.DISCONNECTED;
    Connection connection = link.current;
    if (connection != null) {
      connection.close();
    }
  }

  /** Each open shard's connection status, by shard. */
  public SortedMap<Integer, GatewayStatus> shardStatus() {
    SortedMap<Integer, GatewayStatus> out = new TreeMap<>();
    links.forEach((shard, link) -> out.put(shard, link.status));
    return out;
  }

  /**
   * Sends {@code payload} on shard {@code shard}'s connection and waits for the network's
   * acknowledgement: its error code.
   *
   * @throws NetworkUnavailableException when this node does not hold the shard or is not connected
   */
  public int send(int shard, Payload payload) {
    return ackCode(request(link(shard), payload));
  }

  /**
   * Sends {@code payload} as {@link #request(Payload)} does and waits for the network's
   * acknowledgement.
   */
  public int send(Payload payload) {
    return ackCode(request(payload));
  }

  private static int ackCode(Frame answer) {
    if (answer.payload() instanceof Payload.Ack ack) {
      return ack.errorCode();
    }
    throw new NetworkUnavailableException("unexpected answer " + answer.payload());
  }

  /**
   * Sends {@code payload} on any connected shard of this node (the lowest), or, on a WebApp-only
   * node, through a CoreApp that has one ({@link RemoteNetwork}), and waits for the frame that
   * answers it: the acknowledgement, or the reply carrying the same frame id (a prekey bundle, a
   * contact result). A CoreApp without a connected shard fails at once, as a standalone server does
   * before its number is registered or while the network is away.
   *
   * @throws NetworkUnavailableException when not connected or no answer came in time
   */
  public Frame request(Payload payload) {
    if (links.isEmpty() && !config.nodeRoles().contains(NodeRole.COREAPP)) {
      return remote.request(payload);
    }
    return requestHere(payload);
  }

  /** Like {@link #request(Payload)}, but only on this node's own connections. */
  public Frame requestHere(Payload payload) {
    ShardLink link = connectedLink();
    if (link == null) {
      throw new NetworkUnavailableException("not connected to the network on this node");
    }
    return request(link, payload);
  }

  private ShardLink connectedLink() {
    for (ShardLink link : links.values()) {
      if (link.status == GatewayStatus.CONNECTED) {
        return link;
      }
    }
    return null;
  }

  private ShardLink link(int shard) {
    ShardLink link = links.get(shard);
    if (link == null) {
      throw new NetworkUnavailableException("this node does not serve shard " + shard);
    }
    return link;
  }

  private Frame request(ShardLink link, Payload payload) {
    Connection connection = link.current;
    if (connection == null || link.status != GatewayStatus.CONNECTED) {
      throw new NetworkUnavailableException(
          "shard " + link.shard + " is not connected (" + link.status.wireName() + ")");
    }
    return request(connection, payload);
  }

  private Frame request(Connection connection, Payload payload) {
    long id = nextFrameId.getAndIncrement();
    CompletableFuture<Frame> answer = new CompletableFuture<>();
    connection.pending.put(id, answer);
    try {
      connection.send(new Frame(id, payload));
      Duration timeout = config.networkTimeout();
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException | NoiseException e) {
      throw new NetworkUnavailableException("the network connection failed", e);
    } catch (TimeoutException e) {
      throw new NetworkUnavailableException("the network did not answer in time");
    } catch (ExecutionException e) {
      throw new NetworkUnavailableException("the network connection closed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkUnavailableException("interrupted");
    } finally {
      connection.pending.remove(id);
    }
  }

  private void scheduleConnect(ShardLink link, long delayMillis) {
    synchronized (link) {
      if (stopping || link.closed || link.connectScheduled || link.current != null) {
        return;
      }
      link.connectScheduled = true;
    }
    scheduler.schedule(() -> connect(link), delayMillis, TimeUnit.MILLISECONDS);
  }

  private void connect(ShardLink link) {
    synchronized (link) {
      link.connectScheduled = false;
      if (stopping || link.closed || link.current != null) {
        return;
      }
    }
    Optional<AccountService.Credentials> credentials;
    try {
      credentials = accounts.connectionCredentials();
    } catch (RuntimeException e) {
      LOG.warnf("Cannot read the account to connect: %s", e.getMessage());
      retryLater(link);
      return;
    }
    if (credentials.isEmpty()) {
      link.status = GatewayStatus.UNREGISTERED;
      return;
    }
    link.status = GatewayStatus.CONNECTING;
    AccountService.Credentials login = credentials.get();
    Connection connection;
    try {
      connection =
          new Connection(
              NetworkDialer.dial(
                  config,
                  login.transportKey(),
                  new Payload.Login(login.waId(), link.shard, link.epoch),
                  0));
    } catch (IOException | NoiseException | RuntimeException e) {
      LOG.warnf(
          "Cannot connect shard %d to the network at %s:%d: %s",
          link.shard, config.networkHost(), config.networkPort(), e.getMessage());
      retryLater(link);
      return;
    }
    synchronized (link) {
      if (stopping || link.closed) {
        connection.close();
        return;
      }
      link.current = connection;
    }
    LOG.infof(
        "Connected shard %d to the network at %s:%d as +%s (epoch %d)",
        link.shard, config.networkHost(), config.networkPort(), login.waId(), link.epoch);
    threads.newThread(() -> queueStored(connection)).start();
    threads.newThread(() -> read(link, connection)).start();
  }

  private void retryLater(ShardLink link) {
    if (link.closed) {
      return;
    }
    link.status = GatewayStatus.DISCONNECTED;
    long delay;
    synchronized (link) {
      link.failures++;
      delay = Math.min(MAX_BACKOFF_MILLIS, 500L * (1L << Math.min(link.failures, 6)));
    }
    scheduleConnect(link, delay);
  }

  private void read(ShardLink link, Connection connection) {
    boolean superseded = false;
    try {
      Frame frame;
      while ((frame = connection.channel.receiveFrame()) != null) {
        superseded |= handle(link, connection, frame);
      }
    } catch (IOException | NoiseException e) {
      if (!stopping && !link.closed) {
        LOG.warnf("The network connection of shard %d closed: %s", link.shard, e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.error("The network connection of shard " + link.shard + " failed", e);
    } finally {
      connection.close();
      synchronized (link) {
        if (link.current == connection) {
          link.current = null;
        }
      }
      connection.pending.values().forEach(f -> f.completeExceptionally(new IOException("closed")));
      if (superseded) {
        link.closed = true;
        link.status = GatewayStatus.DISCONNECTED;
        // Only the shard's current link speaks for it: an older one this node replaced does not.
        if (links.remove(link.shard, link)) {
          link.listener.superseded(link.shard);
        }
      } else if (!stopping) {
        retryLater(link);
      }
    }
  }

  /** Handles one frame from the network; true when it says another connection holds the slot. */
  private boolean handle(ShardLink link, Connection connection, Frame frame) {
    Payload payload = frame.payload();
    if (payload instanceof Payload.Ack ack) {
      answer(connection, ack.frameId(), frame);
    } else if (payload instanceof Payload.PreKeyBundle
        || payload instanceof Payload.ContactResult) {
      answer(connection, frame.id(), frame);
    } else if (payload instanceof Payload.Message
        || payload instanceof Payload.Receipt
        || payload instanceof Payload.UserEvent) {
      connection.stored.add(frame);
    } else if (payload instanceof Payload.PreKeyStatus preKeys) {
      synchronized (link) {
        link.failures = 0;
      }
      // One node replenishes the account's prekeys: the holder of shard 0.
      boolean replenish = preKeys.low() && link.shard == 0;
      if (replenish && preKeys.oneTimePreKeys() == 0) {
        // With no one-time prekey out (a new account) a user cannot start a session yet: the shard
        // counts as connected once its keys are published.
        scheduler.execute(
            () -> {
              publishPreKeys(connection);
              markConnected(link, connection);
            });
      } else {
        markConnected(link, connection);
        if (replenish) {
          scheduler.execute(() -> publishPreKeys(connection));
        }
      }
    } else if (payload instanceof Payload.Error error) {
      LOG.warnf(
          "The network refused shard %d's connection: %d %s",
          link.shard, error.code(), error.message());
      if (error.code() == ErrorCodes.STALE_EPOCH) {
        link.status = GatewayStatus.DISCONNECTED;
        return true;
      }
    }
    return false;
  }

  private static void answer(Connection connection, long frameId, Frame frame) {
    CompletableFuture<Frame> waiting = connection.pending.get(frameId);
    if (waiting != null) {
      waiting.complete(frame);
    }
  }

  /**
   * Moves stored frames into the inbound queue, a batch per transaction (what came within {@link
   * #INBOUND_LINGER_NANOS} of its first), and acknowledges each to the network once its batch
   * committed.
   */
  private void queueStored(Connection connection) {
    List<Frame> batch = new ArrayList<>();
    try {
      while (connection.open) {
        Frame first = connection.stored.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + INBOUND_LINGER_NANOS;
        for (long left = INBOUND_LINGER_NANOS;
            left > 0 && batch.size() < INBOUND_BATCH;
            left = deadline - System.nanoTime()) {
          Frame next = connection.stored.poll(left, TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
          connection.stored.drainTo(batch, INBOUND_BATCH - batch.size());
        }
        inbound.enqueue(batch);
        for (Frame frame : batch) {
          connection.send(new Frame(0, new Payload.Ack(frame.id(), ErrorCodes.OK)));
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | NoiseException | RuntimeException e) {
      // Unacknowledged frames are redelivered by the network after the reconnect.
      LOG.warnf("Stopped queueing inbound frames: %s", e.getMessage());
      connection.close();
    }
  }

  /** Reports {@code link} connected, unless {@code connection} is no longer its live one. */
  private void markConnected(ShardLink link, Connection connection) {
    synchronized (link) {
      if (!connection.open || link.current != connection) {
        return;
      }
      link.status = GatewayStatus.CONNECTED;
    }
    link.listener.connected(link.shard);
  }

  private void publishPreKeys(Connection connection) {
    try {
      Payload.PreKeyUpload upload = accounts.newPreKeys(PREKEY_BATCH);
      int code = ackCode(request(connection, upload));
      if (code != ErrorCodes.OK) {
        LOG.warnf("The network refused the prekey upload: %d", code);
      } else {
        LOG.infof("Published %d one-time prekeys", upload.oneTimePreKeys().size());
      }
    } catch (RuntimeException e) {
      LOG.warnf("Could not publish prekeys: %s", e.getMessage());
    }
  }
}
