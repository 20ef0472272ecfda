package io.parley.sandbox;

import io.parley.protocol.noise.NoiseChannel;
import io.parley.protocol.noise.NoiseException;
import io.parley.protocol.noise.NoiseHandshake;
import io.parley.protocol.noise.TransportSettings;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The network's transport port: business clients connect over TCP, run the Noise XX handshake
 * against the network's static key and log in (in the handshake's last message) as an account's
 * connection slot with an epoch, or anonymously to register. Each connection has a reader thread
 * that serves requests and a writer thread that sends replies, acks and the account's mailbox.
 */
final class TransportServer implements Closeable {

  private static final Logger LOG = Logger.getLogger(TransportServer.class.getName());
  private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
  private static final Frame CLOSE = new Frame(0, new Payload.Ping());

  private final Network network;
  private final NetworkKeys keys;
  private final Metrics metrics;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Map<String, Connection> live = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> logins = new ConcurrentHashMap<>();
  private final Set<Connection> all = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  TransportServer(Network network, NetworkKeys keys, Metrics metrics, String bind, int port)
      throws IOException {
    this.network = network;
    this.keys = keys;
    this.metrics = metrics;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(bind), port), 256);
    metrics.gauge("sandbox_connections", "Open transport connections", () -> all.size());
    metrics.describe("sandbox_frames_received_total", "Frames received from clients");
    network.onLowPreKeys(this::tellLowPreKeys);
    acceptor = new Thread(this::acceptLoop, "sandbox-transport-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many logins the account's slot has admitted since the network started. */
  int logins(String account, int slot) {
    AtomicInteger count = logins.get(Mailboxes.endpoint(account, slot));
    return count == null ? 0 : count.get();
  }

  /** Whether a connection is logged in for the account's slot. */
  boolean connected(String account, int slot) {
    return live.containsKey(Mailboxes.endpoint(account, slot));
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        Connection connection = new Connection(socket);
        Thread reader = new Thread(connection::run, "sandbox-conn-" + socket.getPort());
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.WARNING, "accept failed", e);
        }
      }
    }
  }

  private void tellLowPreKeys(String account) {
    Connection connection = live.get(Mailboxes.endpoint(account, Network.DEVICE));
    if (connection != null) {
      int left = network.preKeys.remaining(account, Network.DEVICE);
      connection.deliver(new Frame(0, new Payload.PreKeyStatus(left, true)));
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Connection connection : List.copyOf(all)) {
      connection.close();
    }
  }

  /** One client connection. */
  private final class Connection implements Mailboxes.Link {
    private final Socket socket;
    private final BlockingQueue<Frame> outbound = new LinkedBlockingQueue<>();
    private NoiseChannel channel;
    private String account = "";
    private String endpoint;
    private long epoch;
    private Thread writer;
    private volatile boolean open = true;

    Connection(Socket socket) {
      this.socket = socket;
    }

    void run() {
      all.add(this);
      try {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
        channel = NoiseHandshake.server(socket, keys.transport(), TransportSettings.PARLEY_1);
        socket.setSoTimeout(0);
        Frame hello = Frame.decode(channel.handshakePayload());
        if (!(hello.payload() instanceof Payload.Login login)) {
          refuse(ErrorCodes.INVALID_PARAMETER, "the handshake payload must be a login");
          return;
        }
        writer = new Thread(this::writeLoop, Thread.currentThread().getName() + "-w");
        writer.setDaemon(true);
        writer.start();
        if (!login.account().isEmpty() && !logIn(login)) {
          return;
        }
        Frame frame;
        while (open && (frame = channel.receiveFrame()) != null) {
          metrics.count("sandbox_frames_received_total");
          handle(frame);
        }
      } catch (SocketException | java.io.EOFException e) {
        // The client went away.
      } catch (IOException | NoiseException e) {
        LOG.fine("connection closed: " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "connection failed", e);
      } finally {
        close();
      }
    }

    private boolean logIn(Payload.Login login) throws IOException, NoiseException {
      int code =
          network.accounts.admit(
              login.account(), channel.remoteStaticKey(), login.device(), login.epoch());
      if (code != ErrorCodes.OK) {
        refuse(
            code,
            switch (code) {
              case ErrorCodes.STALE_EPOCH -> "a newer epoch holds this slot";
              case ErrorCodes.INVALID_PARAMETER -> "no such slot: the account has fewer shards";
              default -> "not this account's key";
            });
        return false;
      }
      account = login.account();
      epoch = login.epoch();
      endpoint = Mailboxes.endpoint(account, login.device());
      logins.computeIfAbsent(endpoint, name -> new AtomicInteger()).incrementAndGet();
      Connection previous = live.put(endpoint, this);
      if (previous != null) {
        previous.deliver(
            new Frame(
                0, new Payload.Error(ErrorCodes.STALE_EPOCH, "replaced by a newer connection")));
        previous.closeAfterWrites();
      }
      int left = network.preKeys.remaining(account, Network.DEVICE);
      deliver(new Frame(0, new Payload.PreKeyStatus(left, left < PreKeyDirectory.LOW_WATER)));
      network.mailboxes.attach(endpoint, this);
      LOG.info("+" + account + " connected on slot " + login.device() + " with epoch " + epoch);
      return true;
    }

    private void handle(Frame frame) {
      long id = frame.id();
      Payload payload = frame.payload();
      if (payload instanceof Payload.Ping) {
        deliver(new Frame(0, new Payload.Ack(id, ErrorCodes.OK)));
        return;
      }
      if (account.isEmpty()) {
        if (payload instanceof Payload.Register register) {
          deliver(new Frame(id, network.accounts.register(channel.remoteStaticKey(), register)));
        } else if (payload instanceof Payload.Verify verify) {
          deliver(new Frame(id, network.accounts.verify(channel.remoteStaticKey(), verify)));
        } else {
          deliver(new Frame(0, new Payload.Ack(id, ErrorCodes.ACCESS_DENIED)));
        }
        return;
      }
      if (payload instanceof Payload.Ack ack) {
        network.mailboxes.acknowledge(endpoint, ack.frameId());
      } else if (payload instanceof Payload.Message message) {
        network.fromBusiness(account, message).thenAccept(code -> ack(id, code));
      } else if (payload instanceof Payload.Receipt receipt) {
        network.receiptFromBusiness(account, receipt).thenAccept(code -> ack(id, code));
      } else if (payload instanceof Payload.PreKeyUpload upload) {
        network
            .preKeys
            .upload(account, Network.DEVICE, upload)
            .thenRun(() -> ack(id, ErrorCodes.OK));
      } else if (payload instanceof Payload.PreKeyBundleRequest request) {
        Payload.PreKeyBundle bundle = network.takeBundle(request.account(), request.device());
        if (bundle == null) {
          ack(id, ErrorCodes.USER_NOT_VALID);
        } else {
          deliver(new Frame(id, bundle));
        }
      } else if (payload instanceof Payload.ContactQuery query) {
        List<Payload.ContactStatus> answers = new ArrayList<>();
        for (String input : query.numbers()) {
          String digits = input.replaceAll("[^0-9]", "");
          boolean known = !digits.isEmpty() && network.directory().isUser(digits);
          answers.add(new Payload.ContactStatus(input, known ? digits : ""));
        }
        deliver(new Frame(id, new Payload.ContactResult(id, answers)));
      } else if (payload instanceof Payload.SetShards shards) {
        ack(id, network.setShards(account, shards.count()));
      } else if (payload instanceof Payload.SetPin pin) {
        network.accounts.setPin(account, pin.pin());
        ack(id, ErrorCodes.OK);
      } else {
        ack(id, ErrorCodes.INVALID_PARAMETER);
      }
    }

    private void ack(long id, int code) {
      deliver(new Frame(0, new Payload.Ack(id, code)));
    }

    private void refuse(int code, String message) throws IOException, NoiseException {
      channel.send(new Frame(0, new Payload.Error(code, message)));
    }

    @Override
    public void deliver(Frame frame) {
      if (open) {
        outbound.add(frame);
      }
    }

    private void writeLoop() {
      try {
        while (true) {
          Frame frame = outbound.take();
          if (frame == CLOSE) {
            break;
          }
          channel.send(frame);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException | NoiseException | RuntimeException e) {
        LOG.fine("write failed: " + e.getMessage());
      } finally {
        close();
      }
    }

    /** Closes once everything queued so far is written. */
    void closeAfterWrites() {
      outbound.add(CLOSE);
    }

    void close() {
      if (endpoint != null) {
        network.mailboxes.detach(endpoint, this);
        live.remove(endpoint, this);
      }
      open = false;
      all.remove(this);
      try {
        socket.close();
      } catch (IOException e) {
        // Closing anyway.
      }
      if (writer != null && writer != Thread.currentThread()) {
        writer.interrupt();
      }
    }
  }
}
