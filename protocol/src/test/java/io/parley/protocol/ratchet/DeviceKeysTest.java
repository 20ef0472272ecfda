package io.parley.protocol.ratchet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceKeysTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void acceptingAFirstMessageUsesUpItsOneTimePreKeyAndSurvivesStorage() throws Exception {
    DeviceKeys bob = DeviceKeys.generate(RANDOM);
    List<OneTimePreKey> published = bob.newOneTimePreKeys(3, RANDOM);
    DeviceKeys stored = DeviceKeys.decode(bob.encode());
    assertEquals(3, stored.oneTimePreKeyCount());

    IdentityKeyPair alice = IdentityKeyPair.generate(RANDOM);
    Session aliceSession = Session.initiate(alice, bob.bundle(published.get(1)), RANDOM);
    byte[] first = aliceSession.encrypt("hi".getBytes(StandardCharsets.UTF_8));

    DeviceKeys.Accepted accepted = stored.accept(RatchetMessage.decode(first), RANDOM);

    assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), accepted.plaintext());
    assertEquals(2, stored.oneTimePreKeyCount());
    assertArrayEquals(alice.publicKey().encoded(), accepted.session().remoteIdentity().encoded());
    assertThrows(RatchetException.class, () -> stored.accept(RatchetMessage.decode(first), RANDOM));
  }

  @Test
  void aMessageThatIsNotAFirstMessageIsRefused() throws Exception {
    DeviceKeys bob = DeviceKeys.generate(RANDOM);
    IdentityKeyPair alice = IdentityKeyPair.generate(RANDOM);
    Session aliceSession = Session.initiate(alice, bob.bundle(null), RANDOM);
    Session bobSession =
        bob.accept(RatchetMessage.decode(aliceSession.encrypt(new byte[] {1})), RANDOM).session();
    byte[] reply = bobSession.encrypt(new byte[] {2});
    aliceSession.decrypt(reply);
    byte[] second = aliceSession.encrypt(new byte[] {3});

    assertThrows(RatchetException.class, () -> bob.accept(RatchetMessage.decode(second), RANDOM));
  }
}
