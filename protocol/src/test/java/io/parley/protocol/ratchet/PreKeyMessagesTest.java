package io.parley.protocol.ratchet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prekeys through the wire: uploaded by a device, served as a bundle, used by a peer to start a
 * session.
 */
class PreKeyMessagesTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final IdentityKeyPair bob = IdentityKeyPair.generate(RANDOM);
  private final SignedPreKey signed = SignedPreKey.generate(bob, 3, RANDOM);
  private final OneTimePreKey oneTime = OneTimePreKey.generate(11, RANDOM);

  @Test
  void aBundleServedFromAnUploadStartsASessionTheUploaderAccepts() throws Exception {
    Payload.PreKeyUpload upload = PreKeyMessages.upload(bob.publicKey(), signed, List.of(oneTime));
    Payload.PreKeyUpload stored =
        (Payload.PreKeyUpload) Frame.decode(new Frame(1, upload).encode()).payload();
    Payload.PreKeyBundle served =
        new Payload.PreKeyBundle(
            "15550002222",
            0,
            stored.identity(),
            stored.signedPreKey(),
            stored.oneTimePreKeys().get(0));
    Payload.PreKeyBundle received =
        (Payload.PreKeyBundle) Frame.decode(new Frame(2, served).encode()).payload();

    IdentityKeyPair alice = IdentityKeyPair.generate(RANDOM);
    Session aliceSession = Session.initiate(alice, PreKeyMessages.fromPayload(received), RANDOM);
    byte[] first = aliceSession.encrypt("hi Bob".getBytes(StandardCharsets.UTF_8));
    PreKeyHeader header = RatchetMessage.decode(first).preKeyHeader();
    Session bobSession = Session.respond(bob, signed, oneTime, header, RANDOM);

    assertEquals(11, header.oneTimePreKeyId());
    assertArrayEquals("hi Bob".getBytes(StandardCharsets.UTF_8), bobSession.decrypt(first));
  }

  @Test
  void aBundleRoundTripsThroughItsPayload() throws Exception {
    PreKeyBundle bundle = PreKeyBundle.of(bob.publicKey(), signed, null);

    PreKeyBundle back =
        PreKeyMessages.fromPayload(PreKeyMessages.toPayload(bundle, "15550002222", 1));

    assertEquals(bundle.identity(), back.identity());
    assertArrayEquals(bundle.signedPreKey(), back.signedPreKey());
    assertEquals(null, back.oneTimePreKey());
  }

  @Test
  void aBundleWithoutASignatureIsRefused() {
    Payload.PreKeyBundle unsigned =
        new Payload.PreKeyBundle(
            "15550002222",
            0,
            bob.publicKey().encoded(),
            new Payload.PreKey(3, signed.keyPair().publicKey(), new byte[0]),
            null);

    assertThrows(RatchetException.class, () -> PreKeyMessages.fromPayload(unsigned));
  }
}
