package io.parley.protocol.ratchet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.protocol.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * X3DH and the Double Ratchet between two devices: order, loss, replay, tampering, limits and
 * persistence.
 */
class SessionTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Device alice = new Device();
  private final Device bob = new Device();

  @Test
  void manyRoundTripsInBothDirections() throws Exception {
    Session[] pair = establish();
    for (int round = 0; round < 100; round++) {
      for (int burst = 0; burst <= round % 3; burst++) {
        assertDelivered(pair[0], pair[1], "a" + round + "." + burst);
      }
      assertDelivered(pair[1], pair[0], "b" + round);
    }
  }

  @Test
  void messagesDecryptInAnyOrderWithinAChain() throws Exception {
    Session[] pair = establish();
    List<byte[]> sent = send(pair[0], 5);

    for (int i : new int[] {4, 2, 0, 1, 3}) {
      assertArrayEquals(text("m" + i), pair[1].decrypt(sent.get(i)));
    }
  }

  @Test
  void messagesFromEarlierChainsDecryptAfterLaterOnes() throws Exception {
    Session[] pair = establish();
    List<byte[]> firstChain = send(pair[0], 2);
    pair[1].decrypt(firstChain.get(0));
    assertDelivered(pair[1], pair[0], "reply");
    byte[] secondChain = pair[0].encrypt(text("after reply"));

    assertArrayEquals(text("after reply"), pair[1].decrypt(secondChain));
    assertArrayEquals(text("m1"), pair[1].decrypt(firstChain.get(1)));
  }

  @Test
  void lostMessagesDoNotStopLaterOnes() throws Exception {
    Session[] pair = establish();
    List<byte[]> sent = send(pair[0], 10);

    assertArrayEquals(text("m9"), pair[1].decrypt(sent.get(9)));
    assertDelivered(pair[1], pair[0], "still talking");
    assertDelivered(pair[0], pair[1], "and back");
  }

  @Test
  void aReplayedMessageIsRefused() throws Exception {
    Session[] pair = establish();
    List<byte[]> sent = send(pair[0], 3);
    pair[1].decrypt(sent.get(0));
    pair[1].decrypt(sent.get(2));
    pair[1].decrypt(sent.get(1));

    for (byte[] message : sent) {
      assertThrows(RatchetException.class, () -> pair[1].decrypt(message));
    }
  }

  @Test
  void aReplayFromAnEarlierChainIsRefused() throws Exception {
    Session[] pair = establish();
    byte[] old = pair[0].encrypt(text("old"));
    pair[1].decrypt(old);
    assertDelivered(pair[1], pair[0], "reply");
    assertDelivered(pair[0], pair[1], "new chain");

    assertThrows(RatchetException.class, () -> pair[1].decrypt(old));
    assertDelivered(pair[0], pair[1], "session intact");
  }

  @Test
  void everyTamperedByteIsRefusedAndLeavesTheSessionIntact() throws Exception {
    Session[] pair = establish();
    assertDelivered(pair[1], pair[0], "confirmed, so no prekey header");
    byte[] message = pair[0].encrypt(text("do not touch"));

    for (int i = 0; i < message.length; i++) {
      byte[] tampered = message.clone();
      tampered[i] ^= 0x01;
      assertThrows(RatchetException.class, () -> pair[1].decrypt(tampered), "byte " + i);
    }
    assertArrayEquals(text("do not touch"), pair[1].decrypt(message));
  }

  @Test
  void everyTamperedByteOfAFirstMessageIsRefused() throws Exception {
    Session aliceSession = Session.initiate(alice.identity, bob.bundle(), RANDOM);
    byte[] first = aliceSession.encrypt(text("hello"));

    for (int i = 0; i < first.length; i++) {
      byte[] tampered = first.clone();
      tampered[i] ^= 0x01;
      Exception refused = assertThrows(Exception.class, () -> bob.accept(tampered), "byte " + i);
      assertTrue(
          refused instanceof RatchetException || refused instanceof WireFormatException,
          refused.toString());
    }
    assertArrayEquals(text("hello"), bob.accept(first));
  }

  @Test
  void aMessageSkippingMoreThanTheBoundIsRefused() throws Exception {
    Session[] pair = establish();
    List<byte[]> sent = send(pair[0], Session.MAX_SKIP + 2);

    assertThrows(RatchetException.class, () -> pair[1].decrypt(sent.get(Session.MAX_SKIP + 1)));
    assertArrayEquals(text("m" + Session.MAX_SKIP), pair[1].decrypt(sent.get(Session.MAX_SKIP)));
  }

  @Test
  void aSessionStoredAndReloadedKeepsItsSkippedKeysAndChains() throws Exception {
    Session[] pair = establish();
    List<byte[]> sent = send(pair[0], 4);
    pair[1].decrypt(sent.get(3));

    Session reloadedBob = Session.fromBytes(pair[1].toBytes(), RANDOM);
    Session reloadedAlice = Session.fromBytes(pair[0].toBytes(), RANDOM);

    assertArrayEquals(text("m1"), reloadedBob.decrypt(sent.get(1)));
    assertDelivered(reloadedBob, reloadedAlice, "after reload");
    assertDelivered(reloadedAlice, reloadedBob, "and back");
    assertEquals(alice.identity.publicKey(), reloadedBob.remoteIdentity());
  }

  @Test
  void theInitiatorAttachesItsPrekeyHeaderUntilTheFirstReply() throws Exception {
    Session[] pair = establish();
    assertFalse(pair[0].isConfirmed());
    assertTrue(RatchetMessage.decode(pair[0].encrypt(text("x"))).preKeyHeader() != null);

    assertDelivered(pair[1], pair[0], "reply");

    assertTrue(pair[0].isConfirmed());
    assertEquals(null, RatchetMessage.decode(pair[0].encrypt(text("y"))).preKeyHeader());
  }

  @Test
  void aSessionWithoutAOneTimePrekeyWorks() throws Exception {
    PreKeyBundle bundle = PreKeyBundle.of(bob.identity.publicKey(), bob.signedPreKey, null);
    Session aliceSession = Session.initiate(alice.identity, bundle, RANDOM);
    byte[] first = aliceSession.encrypt(text("hi"));
    PreKeyHeader header = RatchetMessage.decode(first).preKeyHeader();

    Session bobSession = Session.respond(bob.identity, bob.signedPreKey, null, header, RANDOM);

    assertArrayEquals(text("hi"), bobSession.decrypt(first));
  }

  @Test
  void aBundleWithABadSignatureIsRefused() {
    PreKeyBundle genuine = bob.bundle();
    byte[] signature = genuine.signedPreKeySignature();
    signature[0] ^= 1;
    PreKeyBundle forged =
        new PreKeyBundle(
            genuine.identity(),
            genuine.signedPreKeyId(),
            genuine.signedPreKey(),
            signature,
            genuine.oneTimePreKeyId(),
            genuine.oneTimePreKey());

    assertThrows(RatchetException.class, () -> Session.initiate(alice.identity, forged, RANDOM));
  }

  @Test
  void theResponderRefusesPrekeysOtherThanTheOnesNamed() throws Exception {
    Session aliceSession = Session.initiate(alice.identity, bob.bundle(), RANDOM);
    PreKeyHeader header = RatchetMessage.decode(aliceSession.encrypt(text("hi"))).preKeyHeader();
    OneTimePreKey other = OneTimePreKey.generate(99, RANDOM);

    assertThrows(
        RatchetException.class,
        () -> Session.respond(bob.identity, bob.signedPreKey, other, header, RANDOM));
    assertThrows(
        RatchetException.class,
        () -> Session.respond(bob.identity, bob.signedPreKey, null, header, RANDOM));
  }

  @Test
  void aMessageForAnotherSessionDoesNotDecrypt() throws Exception {
    Session[] pair = establish();
    Session[] other = new SessionTest().establish();

    assertThrows(
        RatchetException.class, () -> pair[1].decrypt(other[0].encrypt(text("wrong door"))));
  }

  @Test
  void malformedSessionBytesAreRefused() {
    assertThrows(WireFormatException.class, () -> Session.fromBytes(new byte[] {8, 2}, RANDOM));
  }

  /** Alice initiates with Bob's bundle; Bob answers her first message. Returns {alice's, bob's}. */
  private Session[] establish() throws Exception {
    Session aliceSession = Session.initiate(alice.identity, bob.bundle(), RANDOM);
    byte[] first = aliceSession.encrypt(text("hello"));
    PreKeyHeader header = RatchetMessage.decode(first).preKeyHeader();
    Session bobSession =
        Session.respond(bob.identity, bob.signedPreKey, bob.oneTimePreKey, header, RANDOM);
    assertArrayEquals(text("hello"), bobSession.decrypt(first));
    return new Session[] {aliceSession, bobSession};
  }

  private static void assertDelivered(Session from, Session to, String text)
      throws RatchetException {
    assertArrayEquals(text(text), to.decrypt(from.encrypt(text(text))));
  }

  private static List<byte[]> send(Session from, int count) {
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(from.encrypt(text("m" + i)));
    }
    return sent;
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A device's keys. */
  private static final class Device {
    final IdentityKeyPair identity = IdentityKeyPair.generate(RANDOM);
    final SignedPreKey signedPreKey = SignedPreKey.generate(identity, 1, RANDOM);
    final OneTimePreKey oneTimePreKey = OneTimePreKey.generate(7, RANDOM);

    PreKeyBundle bundle() {
      return PreKeyBundle.of(identity.publicKey(), signedPreKey, oneTimePreKey);
    }

    /** Starts a session from a first message and decrypts it, as a receiving device does. */
    byte[] accept(byte[] first) throws RatchetException, WireFormatException {
      PreKeyHeader header = RatchetMessage.decode(first).preKeyHeader();
      if (header == null) {
        throw new RatchetException("not a first message");
      }
      OneTimePreKey oneTime = header.usesOneTimePreKey() ? oneTimePreKey : null;
      return Session.respond(identity, signedPreKey, oneTime, header, RANDOM).decrypt(first);
    }
  }
}
