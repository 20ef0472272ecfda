package io.parley.sandbox;

import io.parley.sandbox.store.Journal;
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
import java.util.logging.Logger;

/**
 * The network's media blob store: encrypted media files (the network never sees a media key),
 * streamed to disk under a random unguessable id, and deleted after the retention period.
 */
final class MediaBlobs {

  private static final Logger LOG = Logger.getLogger(MediaBlobs.class.getName());
  private static final String PREFIX = "blob/";
  private static final int BUFFER = 64 * 1024;

  private final Path directory;
  private final Journal journal;
  private final SecureRandom random;

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

  /** Deletes the blobs stored before {@code cutoff}; how many. */
  int expire(long cutoff) {
    int removed = 0;
    for (Map.Entry<String, byte[]> entry : Map.copyOf(journal.prefixed(PREFIX)).entrySet()) {
      if (ByteBuffer.wrap(entry.getValue()).getLong() < cutoff) {
        String id = entry.getKey().substring(PREFIX.length());
        journal.delete(entry.getKey());
        deleteQuietly(directory.resolve(id));
        removed++;
      }
    }
    return removed;
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
