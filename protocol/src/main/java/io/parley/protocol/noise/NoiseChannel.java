package io.parley.protocol.noise;

import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.FrameReader;
import io.parley.protocol.wire.FrameWriter;
import io.parley.protocol.wire.WireFormatException;
import java.io.Closeable;
import java.io.IOException;

/**
 * An established, encrypted Parley transport connection: each {@link #send} is one Noise transport
 * message in one frame. Each direction rekeys after every {@link TransportSettings#rekeyInterval()}
 * messages, which both ends count, so no signalling is needed. Sending and receiving may run on two
 * different threads; each is serialised on its own.
 */
public final class NoiseChannel implements Closeable {

  private static final byte[] NO_AD = new byte[0];

  private final FrameReader reader;
  private final FrameWriter writer;
  private final CipherState sender;
  private final CipherState receiver;
  private final TransportSettings settings;
  private final byte[] remoteStaticKey;
  private final byte[] handshakePayload;
  private final byte[] handshakeHash;
  private final Closeable underlying;
  private final Object sendLock = new Object();
  private final Object receiveLock = new Object();
  private boolean receiveFailed;

  NoiseChannel(
      FrameReader reader,
      FrameWriter writer,
      TransportState transport,
      TransportSettings settings,
      byte[] remoteStaticKey,
      byte[] handshakePayload,
      Closeable underlying) {
    this.reader = reader;
    this.writer = writer;
    this.sender = transport.sender();
    this.receiver = transport.receiver();
    this.handshakeHash = transport.handshakeHash();
    this.settings = settings;
    this.remoteStaticKey = remoteStaticKey.clone();
    this.handshakePayload = handshakePayload.clone();
    this.underlying = underlying;
  }

  /**
   * The peer's authenticated static public key (for the server: which account's device connected).
   */
  public byte[] remoteStaticKey() {
    return remoteStaticKey.clone();
  }

  /** The payload the client sent in the last handshake message (empty on the client side). */
  public byte[] handshakePayload() {
    return handshakePayload.clone();
  }

  /** The handshake hash, unique to this connection. */
  public byte[] handshakeHash() {
    return handshakeHash.clone();
  }

  /**
   * Encrypts and sends one message.
   *
   * @throws IllegalArgumentException if {@code plaintext} exceeds {@link
   *     TransportSettings#maxPayloadLength()}
   * @throws NoiseException if the send nonce is exhausted
   */
  public void send(byte[] plaintext) throws IOException, NoiseException {
    if (plaintext.length > settings.maxPayloadLength()) {
      throw new IllegalArgumentException(
          "payload exceeds " + settings.maxPayloadLength() + " bytes");
    }
    synchronized (sendLock) {
      byte[] ciphertext = sender.encryptWithAd(NO_AD, plaintext);
      rekeyIfDue(sender);
      writer.writeFrame(ciphertext);
    }
  }

  /**
   * Receives and decrypts one message; {@code null} when the peer closed the connection cleanly.
   *
   * @throws NoiseException if the message does not authenticate (the connection must then be
   *     closed)
   */
  public byte[] receive() throws IOException, NoiseException {
    synchronized (receiveLock) {
      if (receiveFailed) {
        throw new NoiseException(
            "a previous message did not authenticate; the connection must be closed");
      }
      byte[] frame = reader.readFrame();
      if (frame == null) {
        return null;
      }
      try {
        byte[] plaintext = receiver.decryptWithAd(NO_AD, frame);
        rekeyIfDue(receiver);
        return plaintext;
      } catch (NoiseException e) {
        receiveFailed = true;
        throw e;
      }
    }
  }

  /** Encodes and sends one application frame. */
  public void send(Frame frame) throws IOException, NoiseException {
    send(frame.encode());
  }

  /**
   * Receives and decodes one application frame; {@code null} when the peer closed the connection
   * cleanly.
   *
   * @throws WireFormatException if the authenticated plaintext is not a valid frame
   */
  public Frame receiveFrame() throws IOException, NoiseException {
    byte[] plaintext = receive();
    return plaintext == null ? null : Frame.decode(plaintext);
  }

  private void rekeyIfDue(CipherState cipher) throws NoiseException {
    if (Long.remainderUnsigned(cipher.nonce(), settings.rekeyInterval()) == 0) {
      cipher.rekey();
    }
  }

  /** Closes the underlying connection. */
  @Override
  public void close() throws IOException {
    underlying.close();
  }
}
