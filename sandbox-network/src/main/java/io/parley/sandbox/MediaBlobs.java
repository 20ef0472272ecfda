package io.parley.sandbox;

import io.parley.sandbox.store.Journal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * The network's media blob store: encrypted media files (the network never sees a media key),
 * streamed to disk under a random unguessable id, and deleted after the retention period (or
 * through the control API). Downloads through the media port are counted per blob, in memory, so
 * that tests can tell when a client fetched a file.
 */
final class MediaBlobs {

  private static final Logger LOG = Logger.getLogger(MediaBlobs.class.getName());
  private static final String PREFIX = "blob/";
  private static final int BUFFER = 64 * 1024;

  private final Path directory;
  private final Journal journal;
  private final SecureRandom random;
  private final Map<String, LongAdder> downloads = new ConcurrentHashMap<>();

  MediaBlobs(Path directory, Journal journal, SecureRandom random) throws IOException {
    this.directory = Files.createDirectories(directory);
    this.journal = journal;
    this.random = random;
    try (var leftovers = Files.list(directory)) {
      leftovers
          .filter(path -> path.getFileName().toString().endsWith(".part"))
          .forEach(MediaBlobs::deleteQuietly);
    }
  }

  /**
   * Stores the blob read from {@code content}, refusing more than {@code maxBytes}; its id.
   *
   * @throws BlobTooLargeException if the content is longer than {@code maxBytes}
   */
  String upload(InputStream content, long maxBytes) throws IOException {
    byte[] name = new byte[16];
    random.nextBytes(name);
    String id = HexFormat.of().formatHex(name);
    Path part = directory.resolve(id + ".part");
    long size = 0;
    try (OutputStream out = Files.newOutputStream(part)) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = content.read(buffer)) > 0) {
        size += n;
        if (size > maxBytes) {
          throw new BlobTooLargeException();
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      deleteQuietly(part);
      throw e;
    }
    try (var channel =
        java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(part, directory.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    journal
        .put(
            PREFIX + id,
            ByteBuffer.allocate(16).putLong(System.currentTimeMillis()).putLong(size).array())
        .join();
    return id;
  }

  /** The file of blob {@code id}, or {@code null} if there is none. */
  Path file(String id) {
    if (!id.matches("[0-9a-f]{32}") || journal.get(PREFIX + id) == null) {
      return null;
    }
    return directory.resolve(id);
  }

  /** Counts a download of blob {@code id} through the media port. */
  void downloaded(String id) {
    downloads.computeIfAbsent(id, key -> new LongAdder()).increment();
  }

  /**
   * Blob {@code id} for the control API: {@code {id, size, stored_at, downloads}}, or {@code null}
   * if there is none. The download count starts at 0 with each start of the sandbox.
   */
  JsonObject describe(String id) {
    byte[] stored = file(id) == null ? null : journal.get(PREFIX + id);
    if (stored == null) {
      return null;
    }
    ByteBuffer record = ByteBuffer.wrap(stored);
    long storedAt = record.getLong();
    LongAdder count = downloads.get(id);
    return Json.createObjectBuilder()
        .add("id", id)
        .add("size", record.getLong())
        .add("stored_at", storedAt)
        .add("downloads", count == null ? 0 : count.sum())
        .build();
  }

  /** Deletes blob {@code id} before its time (as if it had expired); false if there is none. */
  boolean delete(String id) {
    if (file(id) == null) {
      return false;
    }
    remove(id);
    return true;
  }

  /** Deletes the blobs stored before {@code cutoff}; how many. */
  int expire(long cutoff) {
    int removed = 0;
    for (Map.Entry<String, byte[]> entry : Map.copyOf(journal.prefixed(PREFIX)).entrySet()) {
      if (ByteBuffer.wrap(entry.getValue()).getLong() < cutoff) {
        remove(entry.getKey().substring(PREFIX.length()));
        removed++;
      }
    }
    return removed;
  }

  private void remove(String id) {
    journal.delete(PREFIX + id);
    downloads.remove(id);
    deleteQuietly(directory.resolve(id));
  }

  /** Blobs held. */
  int count() {
    return journal.prefixed(PREFIX).size();
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warning("could not delete " + path + ": " + e.getMessage());
    }
  }

  /** An upload longer than the limit. */
  static final class BlobTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BlobTooLargeException() {
      super("blob exceeds the size limit");
    }
  }
}
