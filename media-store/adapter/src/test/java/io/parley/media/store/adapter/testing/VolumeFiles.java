package io.parley.media.store.adapter.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a test inspects on the media directory, and content to store. */
public final class VolumeFiles {

  private VolumeFiles() {}

  public static Path media(Path directory, String id) {
    return directory.resolve("media").resolve(id);
  }

  /** The staging files of every instance. */
  public static List<Path> stagingFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory.resolve("staging"))) {
      return files.filter(file -> file.getFileName().toString().endsWith(".part")).toList();
    }
  }

  /** The prepare (and committing) records. */
  public static List<Path> records(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory.resolve("txlog"))) {
      return files.toList();
    }
  }

  public static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public static InputStream content(String text) {
    return new ByteArrayInputStream(bytes(text));
  }

  public static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
