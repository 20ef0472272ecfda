package io.parley.protocol.noise;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.wire.FrameReader;
import io.parley.protocol.wire.FrameWriter;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Runs the Parley transport handshake, {@code Noise_XX_25519_AESGCM_SHA256} with the protocol
 * version as prologue, over length-prefixed frames. The client pins the server's static key: the
 * handshake fails before the client reveals its own static key if the server proves a different
 * one. The client may send a payload (for example a login) in the third message, encrypted and
 * already bound to both static keys. Timeouts are the caller's (socket timeouts).
 */
public final class NoiseHandshake {

  private NoiseHandshake() {}

  /** Connects as a client over {@code socket}; see {@link #client}. */
  public static NoiseChannel client(
      Socket socket,
      X25519.KeyPair clientStatic,
      byte[] pinnedServerStatic,
      byte[] clientPayload,
      TransportSettings settings)
      throws IOException, NoiseException {
    return client(
        socket.getInputStream(),
        socket.getOutputStream(),
        socket,
        clientStatic,
        pinnedServerStatic,
        clientPayload,
        settings);
  }

  /**
   * Runs the initiator's side of the handshake.
   *
   * @param pinnedServerStatic the server static public key the client expects
   * @param clientPayload sent encrypted in the last handshake message
   * @throws NoiseException if the server's static key is not the pinned one or a message does not
   *     authenticate
   */
  public static NoiseChannel client(
      InputStream in,
      OutputStream out,
      Closeable underlying,
      X25519.KeyPair clientStatic,
      byte[] pinnedServerStatic,
      byte[] clientPayload,
      TransportSettings settings)
      throws IOException, NoiseException {
    FrameReader reader = new FrameReader(in, settings.lengthPrefix(), settings.maxFrameLength());
    FrameWriter writer = new FrameWriter(out, settings.lengthPrefix(), settings.maxFrameLength());
    HandshakeState handshake =
        HandshakeState.builder(TransportSettings.PROTOCOL_NAME, true)
            .prologue(settings.prologue())
            .localStatic(clientStatic)
            .random(new SecureRandom())
            .build();
    writer.writeFrame(handshake.writeMessage(new byte[0]));
    handshake.readMessage(required(reader.readFrame()));
    if (!MessageDigest.isEqual(pinnedServerStatic, handshake.remoteStaticKey())) {
      throw new NoiseException("server static key is not the pinned key");
    }
    writer.writeFrame(handshake.writeMessage(clientPayload));
    return new NoiseChannel(
        reader,
        writer,
        handshake.split(),
        settings,
        handshake.remoteStaticKey(),
        new byte[0],
        underlying);
  }

  /** Accepts a client over {@code socket}; see {@link #server}. */
  public static NoiseChannel server(
      Socket socket, X25519.KeyPair serverStatic, TransportSettings settings)
      throws IOException, NoiseException {
    return server(
        socket.getInputStream(), socket.getOutputStream(), socket, serverStatic, settings);
  }

  /**
   * Runs the responder's side of the handshake. The returned channel names the client's
   * authenticated static key and carries the client's handshake payload; deciding whether that key
   * may connect is the caller's.
   */
  public static NoiseChannel server(
      InputStream in,
      OutputStream out,
      Closeable underlying,
      X25519.KeyPair serverStatic,
      TransportSettings settings)
      throws IOException, NoiseException {
    FrameReader reader = new FrameReader(in, settings.lengthPrefix(), settings.maxFrameLength());
    FrameWriter writer = new FrameWriter(out, settings.lengthPrefix(), settings.maxFrameLength());
    HandshakeState handshake =
        HandshakeState.builder(TransportSettings.PROTOCOL_NAME, false)
            .prologue(settings.prologue())
            .localStatic(serverStatic)
            .random(new SecureRandom())
            .build();
    handshake.readMessage(required(reader.readFrame()));
    writer.writeFrame(handshake.writeMessage(new byte[0]));
    byte[] payload = handshake.readMessage(required(reader.readFrame()));
    return new NoiseChannel(
        reader,
        writer,
        handshake.split(),
        settings,
        handshake.remoteStaticKey(),
        payload,
        underlying);
  }

  private static byte[] required(byte[] frame) throws EOFException {
    if (frame == null) {
      throw new EOFException("connection closed during the handshake");
    }
    return frame;
  }
}
