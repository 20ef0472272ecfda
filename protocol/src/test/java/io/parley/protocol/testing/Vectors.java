package io.parley.protocol.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Reads the shared test-vector files, which live beside the repository in {@code ../shared/vectors}
 * and are never copied into it. The folder is the {@code parley.vectors.dir} system property (set
 * by Surefire) when it exists, or else the first {@code shared/vectors} folder found walking up
 * from the working directory.
 */
public final class Vectors {

  private static final HexFormat HEX = HexFormat.of();

  private Vectors() {}

  /** The parsed JSON file at {@code relativePath} inside the vectors folder. */
  public static JsonObject read(String relativePath) {
    Path file = directory().resolve(relativePath);
    try (JsonReader reader = Json.createReader(Files.newBufferedReader(file))) {
      return reader.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vector file " + file, e);
    }
  }

  /** The vectors folder. */
  public static Path directory() {
    String configured = System.getProperty("parley.vectors.dir");
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured).normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("vectors");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no shared/vectors folder: set -Dparley.vectors.dir");
  }

  /** The bytes of a hex string. */
  public static byte[] hex(String hex) {
    return HEX.parseHex(hex);
  }

  /** The hex string of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
