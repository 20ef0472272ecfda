package io.parley.media.store.adapter.transaction;

import static io.parley.media.store.adapter.testing.VolumeFiles.content;
import static io.parley.media.store.adapter.testing.VolumeFiles.records;
import static io.parley.media.store.adapter.testing.VolumeFiles.stagingFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.media.store.adapter.testing.TestXid;
import io.parley.media.store.adapter.volume.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What prepare forces to the disk, and in which order. */
class PrepareDurabilityTest {

  @TempDir Path directory;
  private final Recording durability = new Recording();
  private MediaResourceManager manager;
  private MediaXAResource xaResource;
  private TransactionalMedia media;

  @BeforeEach
  void open() throws IOException {
    manager = MediaResourceManager.open(directory, durability);
    xaResource = new MediaXAResource(manager);
    media = new TransactionalMedia(manager, xaResource, Long.MAX_VALUE);
  }

  @AfterEach
  void close() throws IOException {
    manager.close();
  }

  @Test
  void prepareForcesTheStagedContentBeforeTheRecordExists() throws Exception {
    // given
    TestXid xid = staged("photo.jpg");
    Path staged = stagingFiles(directory.toRealPath()).get(0);

    // when
    xaResource.prepare(xid);

    // then
    Forced forcedContent = durability.forcedAt(staged);
    assertEquals(0, forcedContent.recordsThen(), "a record existed before the content was forced");
  }

  @Test
  void prepareForcesTheStagingDirectoryBeforeTheRecordExists() throws Exception {
    // given
    TestXid xid = staged("photo.jpg");
    Path stagingDirectory = stagingFiles(directory.toRealPath()).get(0).getParent();

    // when
    xaResource.prepare(xid);

    // then
    assertEquals(0, durability.forcedAt(stagingDirectory).recordsThen());
  }

  @Test
  void prepareForcesTheRecordDirectoryOnceTheRecordExists() throws Exception {
    // given
    TestXid xid = staged("photo.jpg");

    // when
    xaResource.prepare(xid);

    // then
    Forced forcedLog = durability.forcedAt(directory.toRealPath().resolve("txlog"));
    assertEquals(1, forcedLog.recordsThen());
  }

  @Test
  void commitForcesTheMediaDirectoryAfterTheMove() throws Exception {
    // given
    TestXid xid = staged("photo.jpg");
    xaResource.prepare(xid);

    // when
    xaResource.commit(xid, false);

    // then
    Path mediaDirectory = directory.toRealPath().resolve("media");
    assertTrue(durability.forcedAt(mediaDirectory).mediaThen().contains("photo.jpg"));
  }

  private TestXid staged(String id) throws Exception {
    TestXid xid = TestXid.next();
    xaResource.start(xid, XAResource.TMNOFLAGS);
    media.write(id, content("jpeg"));
    xaResource.end(xid, XAResource.TMSUCCESS);
    return xid;
  }

  /** A force, with what the volume held at that moment. */
  private record Forced(Path path, int recordsThen, List<String> mediaThen) {}

  /** fsync, remembering every force with the number of records and media files then. */
  private final class Recording implements Durability {

    private final List<Forced> forced = new ArrayList<>();

    @Override
    public void forceFile(Path file) throws IOException {
      Durability.fsync().forceFile(file);
      remember(file);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      Durability.fsync().forceDirectory(directory);
      remember(directory);
    }

    private void remember(Path path) throws IOException {
      Path root = PrepareDurabilityTest.this.directory;
      List<String> mediaNow;
      try (var files = Files.list(root.resolve("media"))) {
        mediaNow = files.map(file -> file.getFileName().toString()).toList();
      }
      forced.add(new Forced(path, records(root).size(), mediaNow));
    }

    Forced forcedAt(Path path) {
      return forced.stream()
          .filter(force -> force.path().equals(path))
          .reduce((first, last) -> last)
          .orElseThrow(() -> new AssertionError(path + " was never forced; forced: " + forced));
    }
  }
}
