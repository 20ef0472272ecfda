package io.parley.protocol.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.parley.protocol.crypto.X25519;
import io.parley.protocol.noise.HandshakeState;
import io.parley.protocol.noise.NoiseException;
import io.parley.protocol.noise.TransportSettings;
import io.parley.protocol.ratchet.RatchetException;
import io.parley.protocol.ratchet.RatchetMessage;
import io.parley.protocol.ratchet.Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * Coverage-guided fuzz targets for every decoder that reads bytes from the network or from storage:
 * only the declared exceptions may escape. A plain {@code mvn verify} replays the seed corpus in
 * {@code DecoderFuzzTestInputs/} (regression mode); {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=DecoderFuzzTest} fuzzes for real.
 */
class DecoderFuzzTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final X25519.KeyPair SERVER_STATIC = X25519.generate(RANDOM);

  @FuzzTest(maxDuration = "60s")
  void frameDecoder(byte[] input) {
    try {
      Frame frame = Frame.decode(input);
      Frame.decode(frame.encode());
    } catch (WireFormatException expected) {
      // Malformed input is refused.
    }
  }

  @FuzzTest(maxDuration = "60s")
  void contentDecoder(byte[] input) {
    try {
      Content.decode(Content.decode(input).encode());
    } catch (WireFormatException expected) {
      // Malformed input is refused.
    }
  }

  @FuzzTest(maxDuration = "60s")
  void contentEnvelopeDecoder(byte[] input) {
    try {
      Content.Envelope envelope = Content.open(input);
      Content.open(Content.encode(envelope.content(), envelope.replyTo()));
    } catch (WireFormatException expected) {
      // Malformed input is refused.
    }
  }

  @FuzzTest(maxDuration = "60s")
  void certificateDecoder(byte[] input) {
    try {
      VerifiedNameCertificate certificate = VerifiedNameCertificate.decode(input);
      VerifiedNameCertificate.decode(certificate.encode()).isSignedBy(new byte[32]);
    } catch (WireFormatException expected) {
      // Malformed input is refused.
    }
  }

  @FuzzTest(maxDuration = "60s")
  void frameReader(byte[] input) {
    FrameReader reader =
        new FrameReader(new ByteArrayInputStream(input), LengthPrefix.TWO_BYTES, 4096);
    try {
      while (reader.readFrame() != null) {
        // Keep reading until the input ends or is refused.
      }
    } catch (IOException expected) {
      // Oversize or truncated frames are refused.
    }
  }

  @FuzzTest(maxDuration = "60s")
  void ratchetMessageDecoder(byte[] input) {
    try {
      RatchetMessage.decode(input);
    } catch (WireFormatException expected) {
      // Malformed input is refused.
    }
  }

  @FuzzTest(maxDuration = "60s")
  void noiseResponderReadsFirstMessage(byte[] input) {
    HandshakeState responder =
        HandshakeState.builder(TransportSettings.PROTOCOL_NAME, false)
            .prologue(TransportSettings.PARLEY_1.prologue())
            .localStatic(SERVER_STATIC)
            .random(RANDOM)
            .build();
    try {
      responder.readMessage(input);
      responder.writeMessage(new byte[0]);
    } catch (NoiseException expected) {
      // Malformed or unauthenticated handshake messages are refused.
    }
  }

  @FuzzTest(maxDuration = "60s")
  void noiseInitiatorReadsSecondMessage(byte[] input) throws NoiseException {
    HandshakeState initiator =
        HandshakeState.builder(TransportSettings.PROTOCOL_NAME, true)
            .prologue(TransportSettings.PARLEY_1.prologue())
            .localStatic(SERVER_STATIC)
            .random(RANDOM)
            .build();
    initiator.writeMessage(new byte[0]);
    try {
      initiator.readMessage(input);
    } catch (NoiseException expected) {
      // Malformed or unauthenticated handshake messages are refused.
    }
  }

  @FuzzTest(maxDuration = "60s")
  void sessionStateDecoder(byte[] input) {
    try {
      Session session = Session.fromBytes(input, RANDOM);
      session.decrypt(input);
    } catch (WireFormatException | RatchetException expected) {
      // Malformed state or messages are refused.
    }
  }
}
