package io.parley.protocol.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Nonce exhaustion and rekeying of a Noise cipher state. */
class CipherStateTest {

  private static final byte[] KEY = new byte[32];
  private static final byte[] AD = new byte[0];
  private static final byte[] MESSAGE = "hello".getBytes(StandardCharsets.UTF_8);

  @Test
  void theLastUsableNonceWorksAndTheReservedOneIsRefused() throws NoiseException {
    CipherState sender = new CipherState(KEY);
    CipherState receiver = new CipherState(KEY);
    sender.setNonce(-2L); // 2^64-2
    receiver.setNonce(-2L);

    assertArrayEquals(MESSAGE, receiver.decryptWithAd(AD, sender.encryptWithAd(AD, MESSAGE)));

    assertThrows(NoiseException.class, () -> sender.encryptWithAd(AD, MESSAGE));
    assertThrows(NoiseException.class, () -> receiver.decryptWithAd(AD, new byte[32]));
  }

  @Test
  void rekeyedPeersStillTalkButAPeerThatDidNotRekeyCannotRead() throws NoiseException {
    CipherState sender = new CipherState(KEY);
    CipherState rekeyedReceiver = new CipherState(KEY);
    CipherState staleReceiver = new CipherState(KEY);

    sender.rekey();
    rekeyedReceiver.rekey();
    byte[] ciphertext = sender.encryptWithAd(AD, MESSAGE);

    assertArrayEquals(MESSAGE, rekeyedReceiver.decryptWithAd(AD, ciphertext));
    assertThrows(NoiseException.class, () -> staleReceiver.decryptWithAd(AD, ciphertext));
  }

  @Test
  void rekeyKeepsTheNonceCounter() throws NoiseException {
    CipherState cipher = new CipherState(KEY);
    cipher.encryptWithAd(AD, MESSAGE);

    cipher.rekey();

    assertEquals(1L, cipher.nonce());
  }

  @Test
  void aFailedDecryptionDoesNotAdvanceTheNonce() throws NoiseException {
    CipherState sender = new CipherState(KEY);
    CipherState receiver = new CipherState(KEY);
    byte[] ciphertext = sender.encryptWithAd(AD, MESSAGE);
    byte[] tampered = Arrays.copyOf(ciphertext, ciphertext.length);
    tampered[0] ^= 1;

    assertThrows(NoiseException.class, () -> receiver.decryptWithAd(AD, tampered));

    assertArrayEquals(MESSAGE, receiver.decryptWithAd(AD, ciphertext));
  }
}
