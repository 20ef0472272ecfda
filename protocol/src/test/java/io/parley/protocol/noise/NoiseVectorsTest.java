package io.parley.protocol.noise;

import static io.parley.protocol.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.testing.Vectors;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every cacophony vector in {@code noise/cacophony-25519-aesgcm-sha256.json} is reproduced byte for
 * byte: each handshake message, each transport message after the split, and the handshake hash on
 * both sides.
 */
class NoiseVectorsTest {

  @TestFactory
  Stream<DynamicTest> everyCacophonyVectorIsReproduced() {
    JsonArray vectors =
        Vectors.read("noise/cacophony-25519-aesgcm-sha256.json").getJsonArray("vectors");
    assertFalse(vectors.isEmpty());
    return vectors.getValuesAs(JsonObject.class).stream()
        .map(v -> DynamicTest.dynamicTest(v.getString("protocol_name"), () -> reproduce(v)));
  }

  private static void reproduce(JsonObject vector) throws NoiseException {
    HandshakeState initiator = party(vector, "init_", true);
    HandshakeState responder = party(vector, "resp_", false);
    JsonArray messages = vector.getJsonArray("messages");
    TransportState initiatorTransport = null;
    TransportState responderTransport = null;
    for (int i = 0; i < messages.size(); i++) {
      JsonObject message = messages.getJsonObject(i);
      byte[] payload = hex(message.getString("payload"));
      byte[] expected = hex(message.getString("ciphertext"));
      boolean initiatorSends = i % 2 == 0;
      if (initiatorTransport == null) {
        HandshakeState sender = initiatorSends ? initiator : responder;
        HandshakeState receiver = initiatorSends ? responder : initiator;
        assertArrayEquals(expected, sender.writeMessage(payload), "handshake message " + i);
        assertArrayEquals(payload, receiver.readMessage(expected), "handshake payload " + i);
        if (initiator.isComplete() && responder.isComplete()) {
          initiatorTransport = initiator.split();
          responderTransport = responder.split();
        }
      } else {
        TransportState sender = initiatorSends ? initiatorTransport : responderTransport;
        TransportState receiver = initiatorSends ? responderTransport : initiatorTransport;
        assertArrayEquals(
            expected,
            sender.sender().encryptWithAd(new byte[0], payload),
            "transport message " + i);
        assertArrayEquals(
            payload,
            receiver.receiver().decryptWithAd(new byte[0], expected),
            "transport payload " + i);
      }
    }
    String expectedHash = vector.getString("handshake_hash");
    assertEquals(expectedHash, hex(initiatorTransport.handshakeHash()));
    assertEquals(expectedHash, hex(responderTransport.handshakeHash()));
  }

  private static HandshakeState party(JsonObject vector, String prefix, boolean initiator) {
    HandshakeState.Builder builder =
        HandshakeState.builder(vector.getString("protocol_name"), initiator)
            .prologue(hex(vector.getString(prefix + "prologue")))
            .localEphemeral(X25519.fromPrivate(hex(vector.getString(prefix + "ephemeral"))));
    if (vector.containsKey(prefix + "static")) {
      builder.localStatic(X25519.fromPrivate(hex(vector.getString(prefix + "static"))));
    }
    if (vector.containsKey(prefix + "remote_static")) {
      builder.remoteStatic(hex(vector.getString(prefix + "remote_static")));
    }
    if (vector.containsKey(prefix + "psks")) {
      for (JsonString psk : vector.getJsonArray(prefix + "psks").getValuesAs(JsonString.class)) {
        builder.psk(hex(psk.getString()));
      }
    }
    return builder.build();
  }
}
