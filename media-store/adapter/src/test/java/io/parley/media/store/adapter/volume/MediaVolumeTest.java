package io.parley.media.store.adapter.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaVolumeTest {

  @TempDir Path directory;
  private MediaVolume volume;

  @BeforeEach
  void open() throws Exception {
    volume = MediaVolume.open(directory, Durability.fsync());
  }

  @AfterEach
  void close() throws Exception {
    volume.close();
  }

  @Test
  void applyingChangesAgainDoesNothingMore() throws Exception {
    // given
    MediaVolume.Staged staged =
        volume.write(new ByteArrayInputStream("jpeg".getBytes(StandardCharsets.UTF_8)), 100);
    List<Change> changes =
        List.of(new Change.Put("photo.jpg", staged.name()), new Change.Delete("old.jpg"));
    volume.apply(changes);

    // when
    volume.apply(changes);

    // then
    assertEquals("jpeg", Files.readString(volume.mediaFile("photo.jpg")));
    assertEquals(List.of("photo.jpg"), volume.ids());
  }

  @Test
  void stagingNameOutsideTheStagingLayoutIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> volume.stagingFile("../media/photo.jpg"));
  }

  @Test
  void idsLeaveOutFilesThatAreNoValidIds() throws Exception {
    // given
    Files.writeString(directory.resolve("media").resolve(".tmp-editor-file"), "x");

    // when
    List<String> ids = volume.ids();

    // then
    assertEquals(List.of(), ids);
  }

  @Test
  void closingRemovesTheEmptyStagingDirectory() throws Exception {
    // given
    Path instance = volume.instance();

    // when
    volume.close();

    // then
    assertEquals(false, Files.exists(instance));
  }
}
