package io.parley.core.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AtRestCipherTest {

  private final AtRestCipher cipher = new AtRestCipher(new byte[32]);

  @Test
  void sealedTextOpensUnderItsName() {
    String sealed = cipher.seal("external.key", "-----BEGIN PRIVATE KEY-----");

    assertFalse(sealed.contains("PRIVATE KEY"));
    assertEquals("-----BEGIN PRIVATE KEY-----", cipher.open("external.key", sealed));
  }

  @Test
  void sealedTextDoesNotOpenUnderAnotherName() {
    String sealed = cipher.seal("external.key", "secret");

    assertThrows(IllegalStateException.class, () -> cipher.open("self-signed.key", sealed));
  }

  @Test
  void anotherKeyCannotOpenIt() {
    byte[] other = new byte[32];
    Arrays.fill(other, (byte) 1);
    String sealed = cipher.seal("k", "secret");

    assertThrows(IllegalStateException.class, () -> new AtRestCipher(other).open("k", sealed));
  }

  @Test
  void plainTextIsRefused() {
    assertThrows(
        IllegalStateException.class, () -> cipher.open("k", "-----BEGIN PRIVATE KEY-----"));
  }
}
