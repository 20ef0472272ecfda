package io.parley.protocol.ratchet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two devices talking over a hostile network, driven by a fixed seed: both send at random, the
 * network delivers in random order, loses some messages and replays delivered ones; sessions are
 * stored and reloaded now and then. Every delivered message must decrypt to what was sent and every
 * replay must be refused.
 */
class SessionSimulationTest {

  private static final SecureRandom KEYS = new SecureRandom();

  /** A message in flight. */
  private record InFlight(int to, byte[] bytes, String text) {}

  @Test
  void reorderingLossReplayAndReloadsNeverBreakTheSession() throws Exception {
    Random random = new Random(3_141_592L);
    Session[] sessions = establish();
    List<InFlight> network = new ArrayList<>();
    List<InFlight> delivered = new ArrayList<>();
    int decrypted = 0;
    int replaysRefused = 0;

    for (int step = 0; step < 3000; step++) {
      int action = random.nextInt(100);
      if (action < 45 || network.isEmpty()) {
        int from = random.nextInt(2);
        String text = "step " + step + " from " + from;
        network.add(new InFlight(1 - from, sessions[from].encrypt(bytes(text)), text));
      } else if (action < 85) {
        InFlight message = network.remove(random.nextInt(network.size()));
        assertArrayEquals(
            bytes(message.text()), sessions[message.to()].decrypt(message.bytes()), message.text());
        delivered.add(message);
        decrypted++;
      } else if (action < 92) {
        network.remove(random.nextInt(network.size()));
      } else if (action < 97 && !delivered.isEmpty()) {
        InFlight replay = delivered.get(random.nextInt(delivered.size()));
        assertThrows(
            RatchetException.class,
            () -> sessions[replay.to()].decrypt(replay.bytes()),
            replay.text());
        replaysRefused++;
      } else {
        int who = random.nextInt(2);
        sessions[who] = Session.fromBytes(sessions[who].toBytes(), KEYS);
      }
    }

    assertTrue(decrypted > 1000, "decrypted " + decrypted);
    assertTrue(replaysRefused > 50, "replays refused " + replaysRefused);
  }

  private static Session[] establish() throws Exception {
    IdentityKeyPair alice = IdentityKeyPair.generate(KEYS);
    IdentityKeyPair bob = IdentityKeyPair.generate(KEYS);
    SignedPreKey signed = SignedPreKey.generate(bob, 1, KEYS);
    OneTimePreKey oneTime = OneTimePreKey.generate(1, KEYS);
    Session aliceSession =
        Session.initiate(alice, PreKeyBundle.of(bob.publicKey(), signed, oneTime), KEYS);
    byte[] first = aliceSession.encrypt(bytes("hello"));
    Session bobSession =
        Session.respond(bob, signed, oneTime, RatchetMessage.decode(first).preKeyHeader(), KEYS);
    bobSession.decrypt(first);
    return new Session[] {aliceSession, bobSession};
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
