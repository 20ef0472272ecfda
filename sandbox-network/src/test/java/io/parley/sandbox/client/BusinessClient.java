package io.parley.sandbox.client;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.noise.NoiseChannel;
import io.parley.protocol.noise.NoiseException;
import io.parley.protocol.noise.NoiseHandshake;
import io.parley.protocol.noise.TransportSettings;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A plain-Java business client of the sandbox network for tests (not Parley): one Noise connection,
 * frames sent with increasing ids, everything received kept in arrival order for the test to wait
 * on.
 */
public final class BusinessClient implements Closeable {

  private final NoiseChannel channel;
  private final AtomicLong nextId = new AtomicLong(1);
  private final List<Frame> received = new ArrayList<>();
  private final Thread reader;
  private volatile boolean closed;

  private BusinessClient(NoiseChannel channel) {
    this.channel = channel;
    this.reader = new Thread(this::readLoop, "business-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Connects with {@code staticKey}, pinning {@code networkKey}, and logs in with {@code login}.
   */
  public static BusinessClient connect(
      int port, byte[] networkKey, X25519.KeyPair staticKey, Payload.Login login)
      throws IOException, NoiseException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    NoiseChannel channel =
        NoiseHandshake.client(
            socket,
            staticKey,
            networkKey,
            new Frame(0, login).encode(),
            TransportSettings.PARLEY_1);
    return new BusinessClient(channel);
  }

  private void readLoop() {
    try {
      Frame frame;
      while ((frame = channel.receiveFrame()) != null) {
        synchronized (received) {
          received.add(frame);
          received.notifyAll();
        }
      }
    } catch (IOException | NoiseException e) {
      // Connection closed.
    } finally {
      closed = true;
      synchronized (received) {
        received.notifyAll();
      }
    }
  }

  /** Sends {@code payload} in a new frame; its id. */
  public long send(Payload payload) throws IOException, NoiseException {
    long id = nextId.getAndIncrement();
    channel.send(new Frame(id, payload));
    return id;
  }

  /** Acknowledges a stored frame the network delivered. */
  public void ack(Frame frame) throws IOException, NoiseException {
    channel.send(new Frame(0, new Payload.Ack(frame.id(), 0)));
  }

  /** Removes and returns the first received frame that matches, waiting up to {@code timeout}. */
  public Frame await(Predicate<Frame> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        for (Iterator<Frame> it = received.iterator(); it.hasNext(); ) {
          Frame frame = it.next();
          if (wanted.test(frame)) {
            it.remove();
            return frame;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (closed && received.isEmpty())) {
          throw new AssertionError("no matching frame within " + timeout + "; have " + received);
        }
        TimeUnit.NANOSECONDS.timedWait(received, Math.min(left, closed ? 1_000_000 : left));
      }
    }
  }

  /** The network's ack of frame {@code id}: its error code. */
  public int awaitAck(long id, Duration timeout) throws InterruptedException {
    Frame ack = await(f -> f.payload() instanceof Payload.Ack a && a.frameId() == id, timeout);
    return ((Payload.Ack) ack.payload()).errorCode();
  }

  /** The first received frame carrying a {@code type} payload. */
  public <T extends Payload> T awaitPayload(Class<T> type, Duration timeout)
      throws InterruptedException {
    return type.cast(await(f -> type.isInstance(f.payload()), timeout).payload());
  }

  /** Whether the network closed the connection. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
  }
}
