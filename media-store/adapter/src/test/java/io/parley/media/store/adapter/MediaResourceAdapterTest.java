package io.parley.media.store.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.NotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaResourceAdapterTest {

  @TempDir Path directory;
  private final MediaResourceAdapter adapter = new MediaResourceAdapter();

  @AfterEach
  void stop() {
    adapter.stop();
  }

  @Test
  void startCreatesTheVolumeLayout() throws Exception {
    // given
    Path volume = directory.resolve("parley-media");
    adapter.setDirectory(volume.toString());

    // when
    adapter.start(null);

    // then
    assertTrue(Files.isDirectory(volume.resolve("media")));
    assertTrue(Files.isDirectory(volume.resolve("staging")));
    assertTrue(Files.isDirectory(volume.resolve("txlog")));
  }

  @Test
  void oneDirectoryHasOneResourceManagerHoweverItIsSpelled() throws Exception {
    // given
    adapter.setDirectory(directory.toString());
    adapter.start(null);

    // when
    var spelledOtherwise = adapter.resourceManager(directory + "/./");

    // then
    assertSame(adapter.resourceManager(directory.toString()), spelledOtherwise);
  }

  @Test
  void maximumFileSizeDefaultsTo256MiB() {
    assertEquals(256L * 1024 * 1024, adapter.getMaxFileSize());
  }

  @Test
  void adaptersConfiguredAlikeAreEqual() {
    MediaResourceAdapter other = new MediaResourceAdapter();
    adapter.setDirectory("/media");
    other.setDirectory("/media");

    assertEquals(adapter, other);
    assertEquals(adapter.hashCode(), other.hashCode());
  }

  @Test
  void adaptersConfiguredDifferentlyAreNotEqual() {
    MediaResourceAdapter other = new MediaResourceAdapter();
    adapter.setDirectory("/media");
    other.setDirectory("/other");

    assertNotEquals(adapter, other);
  }

  @Test
  void inboundIsNotSupported() {
    assertThrows(NotSupportedException.class, () -> adapter.endpointActivation(null, null));
  }
}
