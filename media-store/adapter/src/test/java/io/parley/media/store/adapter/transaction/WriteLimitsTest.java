package io.parley.media.store.adapter.transaction;

import static io.parley.media.store.adapter.testing.VolumeFiles.content;
import static io.parley.media.store.adapter.testing.VolumeFiles.media;
import static io.parley.media.store.adapter.testing.VolumeFiles.stagingFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.media.store.MediaStoreException;
import io.parley.media.store.adapter.testing.TestAdapter;
import io.parley.media.store.adapter.testing.TestAdapter.Session;
import io.parley.media.store.adapter.testing.TestXid;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a write accepts: its size, its id, its input, and content far larger than the heap. */
class WriteLimitsTest {

  private static final long MAX = 1000;
  private static final long LARGE = 150L * 1024 * 1024;

  @TempDir Path directory;
  private TestAdapter adapter;
  private Session session;

  @BeforeEach
  void start() throws Exception {
    adapter = TestAdapter.start(directory, MAX);
    session = adapter.session();
  }

  @AfterEach
  void stop() {
    adapter.close();
  }

  @Test
  void contentOfExactlyTheMaximumSizeIsStored() {
    long size = session.connection().write("max.bin", new Generated(MAX));

    assertEquals(MAX, size);
    assertEquals(MAX, session.connection().size("max.bin"));
  }

  @Test
  void contentOverTheMaximumSizeIsRefusedAsTooLarge() {
    MediaStoreException refused =
        assertThrows(
            MediaStoreException.class,
            () -> session.connection().write("big.bin", new Generated(MAX + 1)));

    assertEquals(MediaStoreException.Kind.TOO_LARGE, refused.kind());
  }

  @Test
  void refusedContentLeavesNoStagingFile() throws Exception {
    // given
    session.xa().start(TestXid.next(), XAResource.TMNOFLAGS);

    // when
    assertThrows(
        MediaStoreException.class,
        () -> session.connection().write("big.bin", new Generated(MAX + 1)));

    // then
    assertEquals(List.of(), stagingFiles(directory));
    assertFalse(session.connection().exists("big.bin"));
  }

  @Test
  void failingInputStoresNothing() throws Exception {
    // given
    InputStream broken =
        new InputStream() {
          private int left = 100;

          @Override
          public int read() throws IOException {
            if (left == 0) {
              throw new IOException("connection reset");
            }
            left--;
            return 'x';
          }
        };

    // when
    MediaStoreException refused =
        assertThrows(MediaStoreException.class, () -> session.connection().write("x.bin", broken));

    // then
    assertEquals(MediaStoreException.Kind.UNAVAILABLE, refused.kind());
    assertFalse(Files.exists(media(directory, "x.bin")));
    assertEquals(List.of(), stagingFiles(directory));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape.jpg", "sub/dir.jpg", ".hidden", ""})
  void writeUnderAnInvalidIdIsRefusedAndStoresNothing(String id) throws Exception {
    MediaStoreException refused =
        assertThrows(MediaStoreException.class, () -> session.connection().write(id, content("x")));

    assertEquals(MediaStoreException.Kind.INVALID_ID, refused.kind());
    assertFalse(Files.exists(directory.resolve("escape.jpg")));
    assertEquals(List.of(), stagingFiles(directory));
  }

  @Test
  void readUnderAnInvalidIdIsRefused() {
    MediaStoreException refused =
        assertThrows(MediaStoreException.class, () -> session.connection().open("../staging"));

    assertEquals(MediaStoreException.Kind.INVALID_ID, refused.kind());
  }

  @Test
  void largeContentStreamsThroughWithoutBeingHeldInMemory() throws Exception {
    // given content larger than the heap (surefire runs these tests with -Xmx64m)
    assertTrue(Runtime.getRuntime().maxMemory() < LARGE, "the heap could hold the content");
    try (TestAdapter unlimited = TestAdapter.start(directory.resolve("large"), Long.MAX_VALUE)) {
      Session large = unlimited.session();
      MessageDigest written = MessageDigest.getInstance("SHA-256");
      TestXid xid = TestXid.next();

      // when
      large.committed(
          xid, c -> c.write("video.mp4", new DigestInputStream(new Generated(LARGE), written)));

      // then
      MessageDigest stored = MessageDigest.getInstance("SHA-256");
      try (InputStream in = large.connection().open("video.mp4")) {
        in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), stored));
      }
      assertEquals(LARGE, large.connection().size("video.mp4"));
      assertArrayEquals(written.digest(), stored.digest());
    }
  }

  /** Content generated on the fly from its position, never all in memory. */
  private static final class Generated extends InputStream {

    private final long size;
    private long position;

    Generated(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return position < size ? at(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(length, size - position);
      for (int i = 0; i < n; i++) {
        buffer[offset + i] = at(position++);
      }
      return n;
    }

    private static byte at(long position) {
      return (byte) ((position * 0x9E3779B97F4A7C15L) >>> 56);
    }
  }
}
