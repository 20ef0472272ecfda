package io.parley.core.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BackupCipherTest {

  /** Cheap parameters keep the tests fast; the format carries them, so opening uses them too. */
  private final BackupCipher cipher = new BackupCipher(new BackupCipher.KdfParameters(1024, 1, 1));

  private final byte[] plaintext =
      "{\"settings\":{},\"users\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void sealedBlobOpensWithTheSamePassword() throws Exception {
    byte[] blob = cipher.seal("correct horse", plaintext);

    assertArrayEquals(plaintext, cipher.open("correct horse", blob));
  }

  @Test
  void defaultParametersRoundTrip() throws Exception {
    BackupCipher production = new BackupCipher();

    byte[] blob = production.seal("pw", plaintext);

    assertArrayEquals(plaintext, cipher.open("pw", blob));
  }

  @Test
  void blobDoesNotContainThePlaintext() {
    byte[] blob = cipher.seal("correct horse", plaintext);

    assertFalse(new String(blob, StandardCharsets.ISO_8859_1).contains("settings"));
  }

  @Test
  void wrongPasswordIsRefused() {
    byte[] blob = cipher.seal("correct horse", plaintext);

    InvalidBackupException failure =
        assertThrows(InvalidBackupException.class, () -> cipher.open("battery staple", blob));
    assertTrue(failure.getMessage().contains("Wrong password"), failure.getMessage());
  }

  @Test
  void everyTamperedByteIsRefused() {
    byte[] blob = cipher.seal("correct horse", plaintext);

    for (int i = 0; i < blob.length; i++) {
      byte[] tampered = blob.clone();
      tampered[i] ^= 0x01;
      assertThrows(
          InvalidBackupException.class,
          () -> cipher.open("correct horse", tampered),
          "flipped bit in byte " + i);
    }
  }

  @Test
  void truncatedBlobIsRefusedAtEveryLength() {
    byte[] blob = cipher.seal("correct horse", plaintext);

    for (int length = 0; length < blob.length; length++) {
      byte[] truncated = Arrays.copyOf(blob, length);
      assertThrows(
          InvalidBackupException.class,
          () -> cipher.open("correct horse", truncated),
          "length " + length);
    }
  }

  @Test
  void otherFormatVersionIsRefusedAsSuch() {
    byte[] blob = cipher.seal("correct horse", plaintext);
    blob[4] = 2;

    InvalidBackupException failure =
        assertThrows(InvalidBackupException.class, () -> cipher.open("correct horse", blob));
    assertTrue(failure.getMessage().contains("version 2"), failure.getMessage());
  }

  @Test
  void excessiveMemoryParameterIsRefusedBeforeDerivingAKey() {
    byte[] blob = cipher.seal("correct horse", plaintext);
    blob[6] = 0x7f;

    assertThrows(InvalidBackupException.class, () -> cipher.open("correct horse", blob));
  }

  @Test
  void sameInputSealsDifferentlyEachTime() {
    assertFalse(
        Arrays.equals(cipher.seal("pw", plaintext), cipher.seal("pw", plaintext)),
        "salt and nonce must be fresh");
  }
}
