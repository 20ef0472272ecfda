package io.parley.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Temporary files for media on its way to or from the network, in the server's temporary directory
 * ({@code jboss.server.temp.dir}, else the JVM's). Whoever creates one deletes it.
 */
public final class TemporaryFiles {

  private static final Logger LOG = Logger.getLogger(TemporaryFiles.class);

  private TemporaryFiles() {}

  /** A new empty temporary file. */
  public static Path create(String prefix, String suffix) throws IOException {
    Path directory =
        Path.of(System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir")));
    return Files.createTempFile(directory, prefix, suffix);
  }

  /** Deletes {@code file} if there is one; a failure is logged, not thrown. */
  public static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warnf(e, "Could not delete the temporary file %s", file);
    }
  }
}
