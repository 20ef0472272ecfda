package io.parley.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {

  /** An endless source that counts the bytes it has handed out. */
  private static final class EndlessSource extends InputStream {
    long served;

    @Override
    public int read() {
      served++;
      return 'x';
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      served += length;
      return length;
    }
  }

  private static byte[] bytes(int n) {
    byte[] content = new byte[n];
    for (int i = 0; i < n; i++) {
      content[i] = (byte) i;
    }
    return content;
  }

  @Test
  void contentWithinTheLimitIsPassedThroughAndCounted() throws IOException {
    byte[] content = bytes(1000);
    LimitedInputStream limited = new LimitedInputStream(new ByteArrayInputStream(content), 4096);

    byte[] read = limited.readAllBytes();

    assertArrayEquals(content, read);
    assertEquals(1000, limited.count());
    assertFalse(limited.exceeded());
  }

  @Test
  void contentOfExactlyTheLimitIsAccepted() throws IOException {
    LimitedInputStream limited =
        new LimitedInputStream(new ByteArrayInputStream(bytes(4096)), 4096);

    assertEquals(4096, limited.readAllBytes().length);
    assertFalse(limited.exceeded());
  }

  @Test
  void oneByteOverTheLimitFailsTheRead() {
    LimitedInputStream limited =
        new LimitedInputStream(new ByteArrayInputStream(bytes(4097)), 4096);

    assertThrows(IOException.class, limited::readAllBytes);

    assertTrue(limited.exceeded());
    assertFalse(limited.sourceFailed());
  }

  @Test
  void anOversizedSourceIsReadNoFurtherThanOneBytePastTheLimit() {
    EndlessSource source = new EndlessSource();
    LimitedInputStream limited = new LimitedInputStream(source, 100_000);

    assertThrows(IOException.class, () -> limited.transferTo(OutputStream.nullOutputStream()));

    assertEquals(100_001, source.served);
  }

  @Test
  void singleByteReadsAreLimitedToo() throws IOException {
    LimitedInputStream limited = new LimitedInputStream(new EndlessSource(), 2);
    limited.read();
    limited.read();

    assertThrows(IOException.class, limited::read);

    assertTrue(limited.exceeded());
  }

  @Test
  void readsAfterTheLimitWasExceededKeepFailing() {
    EndlessSource source = new EndlessSource();
    LimitedInputStream limited = new LimitedInputStream(source, 10);
    assertThrows(IOException.class, limited::readAllBytes);
    long served = source.served;

    assertThrows(IOException.class, () -> limited.read(new byte[10]));

    assertEquals(served, source.served);
  }

  @Test
  void skippedBytesCountAgainstTheLimit() {
    LimitedInputStream limited = new LimitedInputStream(new EndlessSource(), 10);

    assertThrows(IOException.class, () -> limited.skip(20));

    assertTrue(limited.exceeded());
  }

  @Test
  void aFailingSourceIsToldApartFromAnExceededLimit() {
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };
    LimitedInputStream limited = new LimitedInputStream(failing, 10);

    assertThrows(IOException.class, limited::read);

    assertTrue(limited.sourceFailed());
    assertFalse(limited.exceeded());
  }

  @Test
  void noSourceReadsAsAnEmptyBody() throws IOException {
    LimitedInputStream limited = new LimitedInputStream(null, 10);

    assertEquals(-1, limited.read());
    assertEquals(0, limited.count());
  }

  @Test
  void theRefusalIs1009NamingTheLimit() {
    ApiException refusal = new LimitedInputStream(null, 100L * 1024 * 1024).tooLarge();

    assertEquals(ErrorCode.INVALID_PARAMETER, refusal.errorCode());
    assertEquals(400, refusal.httpStatus());
    assertEquals("Request content exceeds size of 100 MB", refusal.details());
  }

  @Test
  void sizesAreDescribedInTheLargestWholeUnit() {
    assertEquals("100 MB", LimitedInputStream.describe(104_857_600));
    assertEquals("64 KB", LimitedInputStream.describe(65_536));
    assertEquals("1000 bytes", LimitedInputStream.describe(1000));
    assertEquals("1025 KB", LimitedInputStream.describe(1_049_600));
  }
}
