package io.parley.core.network;

import io.parley.core.account.AccountService;
import io.parley.core.config.ParleyConfig;
import io.parley.core.health.GatewayStatus;
import io.parley.protocol.noise.NoiseChannel;
import io.parley.protocol.noise.NoiseException;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * This node's connection to the messaging network, under Jakarta Concurrency: it connects with the
 * registered account's transport key and a fresh epoch, pins the network's key, reconnects with
 * back-off, and carries requests (messages, receipts, key and contact lookups) with their answers.
 *
 * <p>Frames the network stores for Parley (messages, receipts, user events) are handed to the
 * persistent inbound queue in batches and acknowledged to the network only after that commit, so a
 * crash loses none: the network redelivers what was not acknowledged.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NetworkSession {

  private static final Logger LOG = Logger.getLogger(NetworkSession.class);
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  private static final int INBOUND_BATCH = 200;
  private static final int PREKEY_BATCH = 100;

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;
  @Inject ParleyConfig config;
  @EJB AccountService accounts;
  @EJB InboundQueue inbound;

  private final Map<Long, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextFrameId = new AtomicLong(1);
  private final Object lifecycle = new Object();
  private volatile GatewayStatus status = GatewayStatus.UNREGISTERED;
  private volatile Connection current;
  private volatile boolean stopping;
  private boolean connectScheduled;
  private int failures;

  /** One live connection: its channel and the frames waiting to be queued and acknowledged. */
  private final class Connection {
    final NoiseChannel channel;
    final BlockingQueue<Frame> stored = new LinkedBlockingQueue<>();
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

  @PostConstruct
  void start() {
    scheduleConnect(0);
  }

  @PreDestroy
  void stop() {
    stopping = true;
    Connection connection = current;
    if (connection != null) {
      connection.close();
    }
  }

  /** What {@code /v1/health} reports as {@code gateway_status}. */
  public GatewayStatus status() {
    return status;
  }

  /** An account was just registered: connect with it. */
  public void accountRegistered() {
    scheduleConnect(0);
  }

  /** Sends {@code payload} and waits for the network's acknowledgement: its error code. */
  public int send(Payload payload) {
    Frame answer = request(payload);
    if (answer.payload() instanceof Payload.Ack ack) {
      return ack.errorCode();
    }
    throw new NetworkUnavailableException("unexpected answer " + answer.payload());
  }

  /**
   * Sends {@code payload} and waits for the frame that answers it: the acknowledgement, or the
   * reply carrying the same frame id (a prekey bundle, a contact result).
   *
   * @throws NetworkUnavailableException when not connected or no answer came in time
   */
  public Frame request(Payload payload) {
    Connection connection = current;
    if (connection == null || status != GatewayStatus.CONNECTED) {
      throw new NetworkUnavailableException(
          "not connected to the network (" + status.wireName() + ")");
    }
    long id = nextFrameId.getAndIncrement();
    CompletableFuture<Frame> answer = new CompletableFuture<>();
    pending.put(id, answer);
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
      pending.remove(id);
    }
  }

  private void scheduleConnect(long delayMillis) {
    synchronized (lifecycle) {
      if (stopping || connectScheduled || current != null) {
        return;
      }
      connectScheduled = true;
    }
    scheduler.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
  }

  private void connect() {
    synchronized (lifecycle) {
      connectScheduled = false;
      if (stopping || current != null) {
        return;
      }
    }
    Optional<AccountService.Credentials> credentials;
    try {
      credentials = accounts.connectionCredentials();
    } catch (RuntimeException e) {
      LOG.warnf("Cannot read the account to connect: %s", e.getMessage());
      retryLater();
      return;
    }
    if (credentials.isEmpty()) {
      status = GatewayStatus.UNREGISTERED;
      return;
    }
    status = GatewayStatus.CONNECTING;
    AccountService.Credentials login = credentials.get();
    Connection connection;
    try {
      connection =
          new Connection(
              NetworkDialer.dial(
                  config,
                  login.transportKey(),
                  new Payload.Login(login.waId(), 0, login.epoch()),
                  0));
    } catch (IOException | NoiseException | RuntimeException e) {
      LOG.warnf(
          "Cannot connect to the network at %s:%d: %s",
          config.networkHost(), config.networkPort(), e.getMessage());
      retryLater();
      return;
    }
    synchronized (lifecycle) {
      if (stopping) {
        connection.close();
        return;
      }
      current = connection;
    }
    LOG.infof(
        "Connected to the network at %s:%d as +%s (epoch %d)",
        config.networkHost(), config.networkPort(), login.waId(), login.epoch());
    threads.newThread(() -> queueStored(connection)).start();
    threads.newThread(() -> read(connection)).start();
  }

  private void retryLater() {
    status = GatewayStatus.DISCONNECTED;
    long delay;
    synchronized (lifecycle) {
      failures++;
      delay = Math.min(MAX_BACKOFF_MILLIS, 500L * (1L << Math.min(failures, 6)));
    }
    scheduleConnect(delay);
  }

  private void read(Connection connection) {
    try {
      Frame frame;
      while ((frame = connection.channel.receiveFrame()) != null) {
        handle(connection, frame);
      }
    } catch (IOException | NoiseException e) {
      if (!stopping) {
        LOG.warnf("The network connection closed: %s", e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.error("The network connection failed", e);
    } finally {
      connection.close();
      synchronized (lifecycle) {
        if (current == connection) {
          current = null;
        }
      }
      pending.values().forEach(f -> f.completeExceptionally(new IOException("connection closed")));
      if (!stopping) {
        retryLater();
      }
    }
  }

  private void handle(Connection connection, Frame frame) {
    Payload payload = frame.payload();
    if (payload instanceof Payload.Ack ack) {
      answer(ack.frameId(), frame);
    } else if (payload instanceof Payload.PreKeyBundle
        || payload instanceof Payload.ContactResult) {
      answer(frame.id(), frame);
    } else if (payload instanceof Payload.Message
        || payload instanceof Payload.Receipt
        || payload instanceof Payload.UserEvent) {
      connection.stored.add(frame);
    } else if (payload instanceof Payload.PreKeyStatus preKeys) {
      synchronized (lifecycle) {
        failures = 0;
      }
      status = GatewayStatus.CONNECTED;
      if (preKeys.low()) {
        scheduler.execute(this::publishPreKeys);
      }
    } else if (payload instanceof Payload.Error error) {
      LOG.warnf("The network refused the connection: %d %s", error.code(), error.message());
      if (error.code() == ErrorCodes.STALE_EPOCH) {
        status = GatewayStatus.DISCONNECTED;
      }
    }
  }

  private void answer(long frameId, Frame frame) {
    CompletableFuture<Frame> waiting = pending.get(frameId);
    if (waiting != null) {
      waiting.complete(frame);
    }
  }

  /**
   * Moves stored frames into the inbound queue, a batch per transaction, and acknowledges each to
   * the network once its batch committed.
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
        connection.stored.drainTo(batch, INBOUND_BATCH - 1);
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

  private void publishPreKeys() {
    try {
      Payload.PreKeyUpload upload = accounts.newPreKeys(PREKEY_BATCH);
      int code = send(upload);
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
