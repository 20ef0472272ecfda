package io.parley.core.network;

import io.parley.core.config.ParleyConfig;
import io.parley.protocol.crypto.X25519;
import io.parley.protocol.noise.NoiseChannel;
import io.parley.protocol.noise.NoiseException;
import io.parley.protocol.noise.NoiseHandshake;
import io.parley.protocol.noise.TransportSettings;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Opens Noise connections to the network, pinning its configured transport key. */
public final class NetworkDialer {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private NetworkDialer() {}

  /**
   * A connection logged in with {@code login} ({@code account} empty for a registration
   * connection), authenticated with {@code transportKey}; reads give up after {@code
   * readTimeoutMillis} (0: never).
   */
  public static NoiseChannel dial(
      ParleyConfig config, X25519.KeyPair transportKey, Payload.Login login, int readTimeoutMillis)
      throws IOException, NoiseException {
    byte[] networkKey =
        config
            .networkKey()
            .orElseThrow(
                () ->
                    new NetworkUnavailableException(
                        "the network's transport key is not configured (parley.network.key)"));
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(config.networkHost(), config.networkPort()),
          CONNECT_TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
      NoiseChannel channel =
          NoiseHandshake.client(
              socket,
              transportKey,
              networkKey,
              new Frame(0, login).encode(),
              TransportSettings.PARLEY_1);
      socket.setSoTimeout(readTimeoutMillis);
      return channel;
    } catch (IOException | NoiseException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends {@code payload} on a registration connection and waits for the frame answering it. */
  public static Frame exchange(NoiseChannel channel, Payload payload, Duration timeout)
      throws IOException, NoiseException {
    channel.send(new Frame(1, payload));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Frame frame = channel.receiveFrame();
      if (frame == null) {
        break;
      }
      if (frame.id() == 1
          || frame.payload() instanceof Payload.Error
          || (frame.payload() instanceof Payload.Ack ack && ack.frameId() == 1)) {
        return frame;
      }
    }
    throw new NetworkUnavailableException("the network did not answer");
  }
}
