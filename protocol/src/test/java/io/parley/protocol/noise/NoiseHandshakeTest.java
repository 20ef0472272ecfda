package io.parley.protocol.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.LengthPrefix;
import io.parley.protocol.wire.Payload;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Parley transport over real loopback sockets: handshake, pinning, versions, rekeying and
 * tampering.
 */
class NoiseHandshakeTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] LOGIN = "login:15550001111".getBytes(StandardCharsets.UTF_8);

  private final X25519.KeyPair serverKey = X25519.generate(RANDOM);
  private final X25519.KeyPair clientKey = X25519.generate(RANDOM);
  private ServerSocket listener;
  private Socket clientSocket;

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws IOException {
    listener.close();
    if (clientSocket != null) {
      clientSocket.close();
    }
  }

  @Test
  void clientAndServerExchangeMessagesBothWays() throws Exception {
    CompletableFuture<NoiseChannel> server = accept(TransportSettings.PARLEY_1);
    try (NoiseChannel client = connect(serverKey.publicKey(), TransportSettings.PARLEY_1);
        NoiseChannel accepted = server.get(5, TimeUnit.SECONDS)) {

      client.send(bytes("ping"));
      accepted.send(bytes("pong"));

      assertArrayEquals(bytes("ping"), accepted.receive());
      assertArrayEquals(bytes("pong"), client.receive());
      assertArrayEquals(clientKey.publicKey(), accepted.remoteStaticKey());
      assertArrayEquals(serverKey.publicKey(), client.remoteStaticKey());
      assertArrayEquals(LOGIN, accepted.handshakePayload());
      assertArrayEquals(client.handshakeHash(), accepted.handshakeHash());
    }
  }

  @Test
  void applicationFramesTravelEncoded() throws Exception {
    CompletableFuture<NoiseChannel> server = accept(TransportSettings.PARLEY_1);
    try (NoiseChannel client = connect(serverKey.publicKey(), TransportSettings.PARLEY_1);
        NoiseChannel accepted = server.get(5, TimeUnit.SECONDS)) {

      client.send(new Frame(9, new Payload.Ping()));
      Frame received = accepted.receiveFrame();

      assertEquals(9, received.id());
      assertEquals(new Payload.Ping(), received.payload());
    }
  }

  @Test
  void aServerWithAnotherStaticKeyIsRefusedByTheClient() {
    accept(TransportSettings.PARLEY_1);
    byte[] pinned = X25519.generate(RANDOM).publicKey();

    assertThrows(NoiseException.class, () -> connect(pinned, TransportSettings.PARLEY_1));
  }

  @Test
  void aServerOfAnotherProtocolVersionFailsTheHandshake() {
    accept(new TransportSettings("parley/2", LengthPrefix.TWO_BYTES, 65535, 1L << 20));

    assertThrows(
        NoiseException.class, () -> connect(serverKey.publicKey(), TransportSettings.PARLEY_1));
  }

  @Test
  void bothDirectionsKeepWorkingAcrossManyRekeys() throws Exception {
    TransportSettings rekeyOften =
        new TransportSettings("parley/1", LengthPrefix.FOUR_BYTES, 65535, 3);
    CompletableFuture<NoiseChannel> server = accept(rekeyOften);
    try (NoiseChannel client = connect(serverKey.publicKey(), rekeyOften);
        NoiseChannel accepted = server.get(5, TimeUnit.SECONDS)) {
      for (int i = 0; i < 20; i++) {
        client.send(bytes("c" + i));
        assertArrayEquals(bytes("c" + i), accepted.receive());
        accepted.send(bytes("s" + i));
        assertArrayEquals(bytes("s" + i), client.receive());
      }
    }
  }

  @Test
  void aTamperedTransportFrameIsRefusedAndEndsTheReceivingSide() throws Exception {
    CompletableFuture<NoiseChannel> server = accept(TransportSettings.PARLEY_1);
    try (NoiseChannel client = connect(serverKey.publicKey(), TransportSettings.PARLEY_1);
        NoiseChannel accepted = server.get(5, TimeUnit.SECONDS)) {
      // A 2-byte length, then 20 bytes that were never encrypted with the session key.
      OutputStream raw = clientSocket.getOutputStream();
      raw.write(new byte[] {0, 20});
      raw.write(new byte[20]);
      raw.flush();

      assertThrows(NoiseException.class, accepted::receive);
      client.send(bytes("genuine, but too late"));
      assertThrows(NoiseException.class, accepted::receive);
    }
  }

  @Test
  void aCleanCloseEndsTheStream() throws Exception {
    CompletableFuture<NoiseChannel> server = accept(TransportSettings.PARLEY_1);
    NoiseChannel client = connect(serverKey.publicKey(), TransportSettings.PARLEY_1);
    try (NoiseChannel accepted = server.get(5, TimeUnit.SECONDS)) {
      client.close();

      assertNull(accepted.receive());
    }
  }

  private CompletableFuture<NoiseChannel> accept(TransportSettings settings) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            Socket socket = listener.accept();
            socket.setSoTimeout(5000);
            return NoiseHandshake.server(socket, serverKey, settings);
          } catch (IOException | NoiseException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private NoiseChannel connect(byte[] pinned, TransportSettings settings)
      throws IOException, NoiseException, ExecutionException {
    clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    clientSocket.setSoTimeout(5000);
    return NoiseHandshake.client(clientSocket, clientKey, pinned, LOGIN, settings);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
