package io.parley.core.io;

import io.parley.core.errors.ApiException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read through a size limit: counts the bytes read and fails the read that goes past
 * the limit, having taken at most one byte more than the limit from the source, so that an
 * oversized body is refused without being read any further. Whoever reads it (a media store write,
 * a JSON reader) sees an {@link IOException}; the code that handed the stream over then asks {@link
 * #exceeded()} and answers {@link #tooLarge()}, however the reader reported the failure.
 */
public final class LimitedInputStream extends FilterInputStream {

  private static final long KB = 1024;
  private static final long MB = 1024 * KB;

  private final long limit;
  private long count;
  private boolean exceeded;
  private boolean sourceFailed;

  /** Reads {@code source} up to {@code limit} bytes; {@code null} reads as an empty body. */
  public LimitedInputStream(InputStream source, long limit) {
    super(source == null ? InputStream.nullInputStream() : source);
    if (limit < 0) {
      throw new IllegalArgumentException("Negative limit: " + limit);
    }
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    requireWithinLimit();
    int b;
    try {
      b = in.read();
    } catch (IOException e) {
      sourceFailed = true;
      throw e;
    }
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    requireWithinLimit();
    if (length == 0) {
      return 0;
    }
    // One byte past the limit is enough to know that it is exceeded; never more.
    long room = limit - count;
    int allowed = room >= length ? length : (int) room + 1;
    int n;
    try {
      n = in.read(buffer, offset, allowed);
    } catch (IOException e) {
      sourceFailed = true;
      throw e;
    }
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  /** Skips by reading, so that skipped bytes count against the limit too. */
  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    byte[] discard = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readLimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** The bytes read so far. */
  public long count() {
    return count;
  }

  /** Whether the source held more than the limit. */
  public boolean exceeded() {
    return exceeded;
  }

  /** Whether reading the source itself failed (the client went away, for example). */
  public boolean sourceFailed() {
    return sourceFailed;
  }

  /** 400/1009 naming the limit, as the original WebApp answered an oversized upload. */
  public ApiException tooLarge() {
    return ApiException.invalid("Request content exceeds size of " + describe(limit));
  }

  /** {@code bytes} as people write it: "100 MB", "64 KB", or "1000 bytes". */
  public static String describe(long bytes) {
    if (bytes >= MB && bytes % MB == 0) {
      return bytes / MB + " MB";
    }
    if (bytes >= KB && bytes % KB == 0) {
      return bytes / KB + " KB";
    }
    return bytes + " bytes";
  }

  private void counted(long n) throws IOException {
    count += n;
    if (count > limit) {
      exceeded = true;
      throw new IOException("The content exceeds " + describe(limit));
    }
  }

  private void requireWithinLimit() throws IOException {
    if (exceeded) {
      throw new IOException("The content exceeds " + describe(limit));
    }
  }
}
