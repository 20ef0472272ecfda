package io.parley.media.store.adapter.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * How the volume makes what it wrote survive a power loss: {@link #fsync()} in production; tests
 * substitute one that also records what was forced, and when.
 */
public interface Durability {

  /** Forces a file's content and metadata to the disk. */
  void forceFile(Path file) throws IOException;

  /** Forces a directory's entries (files created, renamed or deleted in it) to the disk. */
  void forceDirectory(Path directory) throws IOException;

  /** {@link FileChannel#force} on the file or directory. */
  static Durability fsync() {
    return Fsync.INSTANCE;
  }

  /** The production durability. */
  enum Fsync implements Durability {
    INSTANCE;

    private static final boolean WINDOWS =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    @Override
    public void forceFile(Path file) throws IOException {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
        channel.force(true);
      } catch (IOException e) {
        // Windows cannot open a directory as a channel; its file system journals renames itself.
        if (!WINDOWS) {
          throw e;
        }
      }
    }
  }
}
