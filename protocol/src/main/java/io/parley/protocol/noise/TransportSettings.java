package io.parley.protocol.noise;

import io.parley.protocol.wire.LengthPrefix;
import java.nio.charset.StandardCharsets;

/**
 * What both ends of a Parley transport connection must agree on. The protocol version is the Noise
 * prologue, so a client and server of different versions fail the handshake instead of misreading
 * each other.
 *
 * @param protocolVersion the prologue, e.g. {@code parley/1}
 * @param lengthPrefix the frame length prefix
 * @param maxFrameLength the largest frame, at most 65535 (the largest Noise message)
 * @param rekeyInterval each direction's key is replaced (Noise {@code REKEY}) after every this many
 *     messages
 */
public record TransportSettings(
    String protocolVersion, LengthPrefix lengthPrefix, int maxFrameLength, long rekeyInterval) {

  /** The handshake every Parley connection runs. */
  public static final String PROTOCOL_NAME = "Noise_XX_25519_AESGCM_SHA256";

  /**
   * Version 1 of the Parley transport: 2-byte length prefixes, 64 KiB frames, rekey every 2^20
   * messages.
   */
  public static final TransportSettings PARLEY_1 =
      new TransportSettings(
          "parley/1", LengthPrefix.TWO_BYTES, HandshakeState.MAX_MESSAGE_LENGTH, 1L << 20);

  public TransportSettings {
    if (maxFrameLength < 64 || maxFrameLength > HandshakeState.MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("maximum frame length must be 64..65535");
    }
    if (maxFrameLength > lengthPrefix.maxLength()) {
      throw new IllegalArgumentException("maximum frame length does not fit the length prefix");
    }
    if (rekeyInterval < 1) {
      throw new IllegalArgumentException("rekey interval must be positive");
    }
  }

  /** The Noise prologue: the protocol version in ASCII. */
  public byte[] prologue() {
    return protocolVersion.getBytes(StandardCharsets.US_ASCII);
  }

  /** The largest application payload of one transport message. */
  public int maxPayloadLength() {
    return maxFrameLength - 16;
  }
}
