package io.parley.sandbox.store;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The sandbox network's durable state: a sorted key-value map held in memory and written ahead to
 * an append-only log file. Every change is applied to the map at once and to the log by one writer
 * thread, which gathers the changes waiting (group commit), writes them and forces the file to
 * disk; the future a change returns completes only then. On start the log is replayed; a torn last
 * record (a crash mid-write) is cut off. When the log has grown well past the live data it is
 * rewritten as a snapshot and swapped in atomically.
 *
 * <p>Record: {@code [length:int][crc32c:int][op:byte][keyLength:short][key][value]}.
 */
public final class Journal implements Closeable {

  private static final Logger LOG = Logger.getLogger(Journal.class.getName());
  private static final byte PUT = 1;
  private static final byte DELETE = 2;
  private static final int HEADER = 8;
  private static final long COMPACT_AT = 64L << 20;

  private final Path file;
  private final long compactAt;
  private final NavigableMap<String, byte[]> map = new ConcurrentSkipListMap<>();
  private final Object lock = new Object();
  private final Thread writer;
  private final AtomicLong syncs = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();
  private List<Change> waiting = new ArrayList<>();
  private FileChannel channel;
  private long fileSize;
  private long liveBytes;
  private boolean closed;

  private record Change(byte op, String key, byte[] value, CompletableFuture<Void> done) {}

  /** Opens (or creates) the journal in {@code directory}, replaying what it holds. */
  public static Journal open(Path directory) throws IOException {
    return open(directory, COMPACT_AT);
  }

  /** Opens the journal, compacting once the log reaches {@code compactAt} bytes. */
  static Journal open(Path directory, long compactAt) throws IOException {
    Files.createDirectories(directory);
    return new Journal(directory.resolve("journal.log"), compactAt);
  }

  private Journal(Path file, long compactAt) throws IOException {
    this.file = file;
    this.compactAt = compactAt;
    Files.deleteIfExists(file.resolveSibling("journal.compact"));
    long valid = replay();
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    if (channel.size() > valid) {
      LOG.warning("journal: cutting off a torn record at byte " + valid);
      channel.truncate(valid);
      channel.force(true);
    }
    channel.position(valid);
    fileSize = valid;
    liveBytes = map.entrySet().stream().mapToLong(e -> recordSize(e.getKey(), e.getValue())).sum();
    writer = new Thread(this::writeLoop, "sandbox-journal");
    writer.setDaemon(true);
    writer.start();
  }

  /** The value stored under {@code key}, or {@code null}. */
  public byte[] get(String key) {
    return map.get(key);
  }

  /** The entries whose keys start with {@code prefix}, in key order (a live view). */
  public NavigableMap<String, byte[]> prefixed(String prefix) {
    return map.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
  }

  /** Stores {@code value} under {@code key}; the future completes once it is on disk. */
  public CompletableFuture<Void> put(String key, byte[] value) {
    return change(PUT, key, value);
  }

  /** Stores a UTF-8 string. */
  public CompletableFuture<Void> put(String key, String value) {
    return put(key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Removes {@code key}; the future completes once the removal is on disk. */
  public CompletableFuture<Void> delete(String key) {
    return change(DELETE, key, null);
  }

  /** How many times the log has been forced to disk. */
  public long syncs() {
    return syncs.get();
  }

  /** Bytes appended to the log since start. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  /** The number of live keys. */
  public int size() {
    return map.size();
  }

  private CompletableFuture<Void> change(byte op, String key, byte[] value) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("journal closed");
      }
      byte[] old = op == PUT ? map.put(key, value) : map.remove(key);
      if (old != null) {
        liveBytes -= recordSize(key, old);
      }
      if (op == PUT) {
        liveBytes += recordSize(key, value);
      }
      waiting.add(new Change(op, key, value, done));
      lock.notifyAll();
    }
    return done;
  }

  private void writeLoop() {
    while (true) {
      List<Change> batch;
      synchronized (lock) {
        while (waiting.isEmpty() && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (waiting.isEmpty()) {
          return;
        }
        batch = waiting;
        waiting = new ArrayList<>();
      }
      try {
        write(batch);
        for (Change change : batch) {
          change.done().complete(null);
        }
        compactIfDue();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.SEVERE, "journal: write failed", e);
        for (Change change : batch) {
          change.done().completeExceptionally(e);
        }
      }
    }
  }

  private void write(List<Change> batch) throws IOException {
    int total = 0;
    for (Change change : batch) {
      total += recordSize(change.key(), change.value());
    }
    ByteBuffer buffer = ByteBuffer.allocate(total);
    for (Change change : batch) {
      encode(buffer, change.op(), change.key(), change.value());
    }
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.force(false);
    fileSize += total;
    bytesWritten.addAndGet(total);
    syncs.incrementAndGet();
  }

  /**
   * Rewrites the log as a snapshot of the live map when it has grown to several times the live
   * data. Runs on the writer thread, so no append interleaves; changes made to the map meanwhile
   * are either in the snapshot or still waiting, and re-applying them later is harmless.
   */
  private void compactIfDue() throws IOException {
    if (fileSize < compactAt || fileSize < 4 * liveBytes) {
      return;
    }
    Path temporary = file.resolveSibling("journal.compact");
    long written = 0;
    try (FileChannel out =
        FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
      for (Map.Entry<String, byte[]> entry : map.entrySet()) {
        int size = recordSize(entry.getKey(), entry.getValue());
        if (buffer.remaining() < size) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
          buffer.clear();
          if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocate(size);
          }
        }
        encode(buffer, PUT, entry.getKey(), entry.getValue());
        written += size;
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    channel.close();
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    channel = FileChannel.open(file, StandardOpenOption.WRITE);
    channel.position(written);
    fileSize = written;
    LOG.info("journal: compacted to " + written + " bytes");
  }

  private long replay() throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    long valid = 0;
    try (InputStream raw = Channels.newInputStream(FileChannel.open(file));
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
      while (true) {
        int length;
        int crc;
        byte[] body;
        try {
          length = in.readInt();
          crc = in.readInt();
          if (length < 3 || length > (64 << 20)) {
            break;
          }
          body = in.readNBytes(length);
          if (body.length < length) {
            break;
          }
        } catch (EOFException e) {
          break;
        }
        CRC32C check = new CRC32C();
        check.update(body);
        if ((int) check.getValue() != crc) {
          break;
        }
        ByteBuffer record = ByteBuffer.wrap(body);
        byte op = record.get();
        int keyLength = Short.toUnsignedInt(record.getShort());
        byte[] key = new byte[keyLength];
        record.get(key);
        String name = new String(key, StandardCharsets.UTF_8);
        if (op == PUT) {
          byte[] value = new byte[record.remaining()];
          record.get(value);
          map.put(name, value);
        } else {
          map.remove(name);
        }
        valid += HEADER + length;
      }
    }
    return valid;
  }

  private static void encode(ByteBuffer buffer, byte op, String key, byte[] value) {
    byte[] name = key.getBytes(StandardCharsets.UTF_8);
    int length = 3 + name.length + (value == null ? 0 : value.length);
    int start = buffer.position();
    buffer.putInt(length).putInt(0).put(op).putShort((short) name.length).put(name);
    if (value != null) {
      buffer.put(value);
    }
    CRC32C crc = new CRC32C();
    crc.update(buffer.array(), start + HEADER, length);
    buffer.putInt(start + 4, (int) crc.getValue());
  }

  private static int recordSize(String key, byte[] value) {
    return HEADER
        + 3
        + key.getBytes(StandardCharsets.UTF_8).length
        + (value == null ? 0 : value.length);
  }

  /** Writes what is waiting, then stops the writer. */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.close();
  }
}
