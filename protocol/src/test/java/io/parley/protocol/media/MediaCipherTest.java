package io.parley.protocol.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed media encryption and verified decryption, with tampering of every kind refused. */
class MediaCipherTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long SIZE = 3L * 1024 * 1024 + 5;

  @TempDir Path dir;

  @Test
  void aFewMegabytesRoundTripWithMatchingHashes() throws Exception {
    Path encrypted = dir.resolve("enc");
    MediaDescriptor descriptor = encryptGenerated(SIZE, encrypted);
    Path decrypted = dir.resolve("plain");

    MediaCipher.decrypt(encrypted, decrypted, descriptor);

    assertEquals(SIZE, Files.size(decrypted));
    assertArrayEquals(sha256(generated(SIZE)), sha256(Files.newInputStream(decrypted)));
    assertArrayEquals(descriptor.plaintextSha256(), sha256(Files.newInputStream(decrypted)));
    assertArrayEquals(descriptor.encryptedSha256(), sha256(Files.newInputStream(encrypted)));
    assertEquals(descriptor.encryptedLength(), Files.size(encrypted));
  }

  @Test
  void anEmptyFileRoundTrips() throws Exception {
    ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
    MediaDescriptor descriptor =
        MediaCipher.encrypt(InputStream.nullInputStream(), encrypted, RANDOM);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();

    MediaCipher.decrypt(new ByteArrayInputStream(encrypted.toByteArray()), plain, descriptor, dir);

    assertEquals(0, plain.size());
  }

  @Test
  void theStreamApiReleasesPlaintextOnlyAfterVerification() throws Exception {
    ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
    MediaDescriptor descriptor = MediaCipher.encrypt(generated(100_000), encrypted, RANDOM);
    byte[] tampered = encrypted.toByteArray();
    tampered[50_000] ^= 1;
    ByteArrayOutputStream plain = new ByteArrayOutputStream();

    assertThrows(
        MediaIntegrityException.class,
        () -> MediaCipher.decrypt(new ByteArrayInputStream(tampered), plain, descriptor, dir));

    assertEquals(0, plain.size());
    MediaCipher.decrypt(new ByteArrayInputStream(encrypted.toByteArray()), plain, descriptor, dir);
    assertArrayEquals(
        sha256(generated(100_000)), sha256(new ByteArrayInputStream(plain.toByteArray())));
  }

  @Test
  void aFlippedBitAnywhereIsRefusedAndNothingIsWritten() throws Exception {
    Path encrypted = dir.resolve("enc");
    MediaDescriptor descriptor = encryptGenerated(SIZE, encrypted);
    long length = Files.size(encrypted);
    Path decrypted = dir.resolve("plain");

    for (long position : new long[] {0, 15, length / 2, length - 33, length - 1}) {
      flip(encrypted, position);
      assertThrows(
          MediaIntegrityException.class,
          () -> MediaCipher.decrypt(encrypted, decrypted, descriptor));
      assertFalse(Files.exists(decrypted), "no plaintext after a failure");
      flip(encrypted, position);
    }
    MediaCipher.decrypt(encrypted, decrypted, descriptor);
  }

  @Test
  void aTruncatedOrExtendedFileIsRefused() throws Exception {
    ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
    MediaDescriptor descriptor = MediaCipher.encrypt(generated(10_000), encrypted, RANDOM);
    byte[] bytes = encrypted.toByteArray();

    assertThrows(
        MediaIntegrityException.class,
        () -> decrypt(java.util.Arrays.copyOf(bytes, bytes.length - 16), descriptor));
    assertThrows(
        MediaIntegrityException.class,
        () -> decrypt(java.util.Arrays.copyOf(bytes, bytes.length + 1), descriptor));
  }

  @Test
  void aWrongKeyOrHashInTheDescriptorIsRefused() throws Exception {
    ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
    MediaDescriptor d = MediaCipher.encrypt(generated(10_000), encrypted, RANDOM);
    byte[] bytes = encrypted.toByteArray();
    byte[] other = new byte[32];

    assertThrows(
        MediaIntegrityException.class,
        () ->
            decrypt(
                bytes,
                new MediaDescriptor(
                    other, d.plaintextSha256(), d.encryptedSha256(), 10_000, bytes.length)));
    assertThrows(
        MediaIntegrityException.class,
        () ->
            decrypt(
                bytes,
                new MediaDescriptor(
                    d.mediaKey(), d.plaintextSha256(), other, 10_000, bytes.length)));
    assertThrows(
        MediaIntegrityException.class,
        () ->
            decrypt(
                bytes,
                new MediaDescriptor(
                    d.mediaKey(), other, d.encryptedSha256(), 10_000, bytes.length)));
  }

  @Test
  void theEncryptedLengthFollowsFromThePlaintextLength() throws Exception {
    for (int size : new int[] {0, 1, 15, 16, 17, 100_000}) {
      MediaDescriptor descriptor =
          MediaCipher.encrypt(generated(size), OutputStream.nullOutputStream(), RANDOM);

      assertEquals(descriptor.encryptedLength(), MediaCipher.encryptedLength(size), "size " + size);
    }
  }

  @Test
  void eachFileGetsItsOwnKey() throws Exception {
    MediaDescriptor first =
        MediaCipher.encrypt(generated(100), OutputStream.nullOutputStream(), RANDOM);
    MediaDescriptor second =
        MediaCipher.encrypt(generated(100), OutputStream.nullOutputStream(), RANDOM);

    assertFalse(MessageDigest.isEqual(first.mediaKey(), second.mediaKey()));
    assertFalse(MessageDigest.isEqual(first.encryptedSha256(), second.encryptedSha256()));
  }

  private void decrypt(byte[] encrypted, MediaDescriptor descriptor) throws Exception {
    MediaCipher.decrypt(
        new ByteArrayInputStream(encrypted), new ByteArrayOutputStream(), descriptor, dir);
  }

  private MediaDescriptor encryptGenerated(long size, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target)) {
      return MediaCipher.encrypt(generated(size), out, RANDOM);
    }
  }

  /** A reproducible pseudo-random stream of {@code size} bytes, generated as it is read. */
  private static InputStream generated(long size) {
    Random random = new Random(42);
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        byte[] chunk = new byte[n];
        random.nextBytes(chunk);
        System.arraycopy(chunk, 0, b, off, n);
        left -= n;
        return n;
      }
    };
  }

  private static byte[] sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (in) {
      byte[] buffer = new byte[65536];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return digest.digest();
  }

  private static void flip(Path file, long position) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(position);
      int b = raf.read();
      raf.seek(position);
      raf.write(b ^ 0x80);
    }
  }
}
