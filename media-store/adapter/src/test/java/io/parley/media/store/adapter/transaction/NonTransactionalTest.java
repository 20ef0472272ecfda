package io.parley.media.store.adapter.transaction;

import static io.parley.media.store.adapter.testing.VolumeFiles.content;
import static io.parley.media.store.adapter.testing.VolumeFiles.media;
import static io.parley.media.store.adapter.testing.VolumeFiles.read;
import static io.parley.media.store.adapter.testing.VolumeFiles.stagingFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.media.store.MediaConnection;
import io.parley.media.store.MediaStoreException;
import io.parley.media.store.adapter.testing.TestAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A connection outside any transaction: every write and delete applies before it returns. */
class NonTransactionalTest {

  @TempDir Path directory;
  private TestAdapter adapter;
  private MediaConnection connection;

  @BeforeEach
  void start() throws Exception {
    adapter = TestAdapter.start(directory);
    connection = adapter.session().connection();
  }

  @AfterEach
  void stop() {
    adapter.close();
  }

  @Test
  void writeIsInPlaceWhenItReturns() throws Exception {
    connection.write("photo.jpg", content("jpeg"));

    assertEquals("jpeg", read(media(directory, "photo.jpg")));
    assertEquals(List.of(), stagingFiles(directory));
  }

  @Test
  void writeIsVisibleToOtherConnections() throws Exception {
    connection.write("photo.jpg", content("jpeg"));

    assertEquals("jpeg", read(adapter.session().connection().open("photo.jpg")));
  }

  @Test
  void writeReplacesEarlierContent() throws Exception {
    connection.write("note.txt", content("first"));

    connection.write("note.txt", content("second"));

    assertEquals("second", read(connection.open("note.txt")));
  }

  @Test
  void deleteAppliesWhenItReturns() throws Exception {
    connection.write("old.jpg", content("old"));

    boolean deleted = connection.delete("old.jpg");

    assertTrue(deleted);
    assertFalse(Files.exists(media(directory, "old.jpg")));
  }

  @Test
  void deleteOfMissingContentReportsNothingDeleted() {
    assertFalse(connection.delete("missing.jpg"));
  }

  @Test
  void sizeIsTheNumberOfBytesStored() {
    long written = connection.write("note.txt", content("twelve bytes"));

    assertEquals(12, written);
    assertEquals(12, connection.size("note.txt"));
  }

  @Test
  void openOfMissingContentIsNotFound() {
    assertNotFound(() -> connection.open("missing.jpg"));
  }

  @Test
  void sizeOfMissingContentIsNotFound() {
    assertNotFound(() -> connection.size("missing.jpg"));
  }

  @Test
  void idsListTheStoredContentInOrder() {
    connection.write("b.jpg", content("b"));
    connection.write("a.jpg", content("a"));
    connection.write("c.jpg", content("c"));
    connection.delete("c.jpg");

    assertEquals(List.of("a.jpg", "b.jpg"), connection.ids());
  }

  private static void assertNotFound(Executable call) {
    MediaStoreException refused = assertThrows(MediaStoreException.class, call);
    assertEquals(MediaStoreException.Kind.NOT_FOUND, refused.kind());
  }
}
