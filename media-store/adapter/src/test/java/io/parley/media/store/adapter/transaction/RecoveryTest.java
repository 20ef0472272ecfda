package io.parley.media.store.adapter.transaction;

import static io.parley.media.store.adapter.testing.VolumeFiles.content;
import static io.parley.media.store.adapter.testing.VolumeFiles.media;
import static io.parley.media.store.adapter.testing.VolumeFiles.read;
import static io.parley.media.store.adapter.testing.VolumeFiles.records;
import static io.parley.media.store.adapter.testing.VolumeFiles.stagingFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.media.store.adapter.testing.TestAdapter;
import io.parley.media.store.adapter.testing.TestAdapter.Session;
import io.parley.media.store.adapter.testing.TestXid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a crash: a new adapter over the same directory, as after a JVM restart, finds the prepared
 * branches, completes them as the transaction manager decides, and removes what nothing will
 * commit.
 */
class RecoveryTest {

  private static final int FULL_SCAN = XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN;

  @TempDir Path directory;
  private TestAdapter restarted;

  @AfterEach
  void stop() {
    if (restarted != null) {
      restarted.close();
    }
  }

  @Test
  void restartedAdapterListsAPreparedBranchAsInDoubt() throws Exception {
    // given
    TestXid xid = preparedThenCrashed("photo.jpg", "jpeg");

    // when
    Xid[] inDoubt = restart().recoveryResource().recover(FULL_SCAN);

    // then
    assertEquals(1, inDoubt.length);
    assertTrue(xid.sameBranch(inDoubt[0]));
  }

  @Test
  void inDoubtBranchCommitsFromItsRecord() throws Exception {
    // given
    TestXid xid = preparedThenCrashed("photo.jpg", "jpeg");

    // when
    restart().recoveryResource().commit(xid, false);

    // then
    assertEquals("jpeg", read(media(directory, "photo.jpg")));
    assertEquals(List.of(), stagingFiles(directory));
  }

  @Test
  void committedBranchIsNoLongerInDoubt() throws Exception {
    // given
    TestXid xid = preparedThenCrashed("photo.jpg", "jpeg");
    XAResource recovery = restart().recoveryResource();

    // when
    recovery.commit(xid, false);

    // then
    assertEquals(0, recovery.recover(FULL_SCAN).length);
    assertEquals(List.of(), records(directory));
  }

  @Test
  void inDoubtBranchRollsBackFromItsRecord() throws Exception {
    // given
    TestXid xid = preparedThenCrashed("photo.jpg", "jpeg");
    XAResource recovery = restart().recoveryResource();

    // when
    recovery.rollback(xid);

    // then
    assertFalse(Files.exists(media(directory, "photo.jpg")));
    assertEquals(List.of(), stagingFiles(directory));
    assertEquals(0, recovery.recover(FULL_SCAN).length);
  }

  @Test
  void inDoubtDeleteIsAppliedByTheRecoveredCommit() throws Exception {
    // given
    TestAdapter crashed = TestAdapter.start(directory);
    Session session = crashed.session();
    session.connection().write("old.jpg", content("old"));
    TestXid xid = TestXid.next();
    session.prepared(xid, c -> c.delete("old.jpg"));
    crashed.crash();

    // when
    restart().recoveryResource().commit(xid, false);

    // then
    assertFalse(Files.exists(media(directory, "old.jpg")));
  }

  @Test
  void commitOfABranchWhoseContentIsAlreadyInPlaceIsHarmless() throws Exception {
    // given a commit whose record removal was lost in the crash
    TestAdapter crashed = TestAdapter.start(directory);
    TestXid xid = TestXid.next();
    crashed.session().prepared(xid, c -> c.write("photo.jpg", content("jpeg")));
    Path record = records(directory).get(0);
    byte[] recordBytes = Files.readAllBytes(record);
    crashed.session().xa().commit(xid, false);
    Files.write(record, recordBytes);
    crashed.crash();

    // when
    restart().recoveryResource().commit(xid, false);

    // then
    assertEquals("jpeg", read(media(directory, "photo.jpg")));
    assertEquals(List.of(), records(directory));
  }

  @Test
  void stagingFilesThatARecordNamesSurviveTheRestart() throws Exception {
    // given
    preparedThenCrashed("photo.jpg", "jpeg");

    // when
    restart();

    // then
    assertEquals(1, stagingFiles(directory).size());
  }

  @Test
  void unpreparedStagingFilesAreRemovedAtRestart() throws Exception {
    // given a branch the crash ended before prepare
    TestAdapter crashed = TestAdapter.start(directory);
    crashed.session().inBranch(TestXid.next(), c -> c.write("photo.jpg", content("jpeg")));
    crashed.crash();

    // when
    restart();

    // then
    assertEquals(List.of(), stagingFiles(directory));
  }

  @Test
  void unpreparedStagingFilesOfACrashedPeerAreRemovedByARecoveryScan() throws Exception {
    // given a peer sharing the directory that crashed while this adapter runs
    TestAdapter running = restart();
    TestAdapter peer = TestAdapter.start(directory);
    peer.session().inBranch(TestXid.next(), c -> c.write("photo.jpg", content("jpeg")));
    peer.crash();

    // when
    running.recoveryResource().recover(FULL_SCAN);

    // then
    assertEquals(List.of(), stagingFiles(directory));
  }

  @Test
  void stagingFilesOfARunningPeerAreKept() throws Exception {
    try (TestAdapter running = TestAdapter.start(directory)) {
      // given a running adapter working in a branch, and another one starting over the directory
      Session session = running.session();
      TestXid xid = TestXid.next();
      session.inBranch(xid, c -> c.write("photo.jpg", content("jpeg")));
      restart().recoveryResource().recover(FULL_SCAN);

      // when
      session.xa().commit(xid, true);

      // then
      assertEquals("jpeg", read(media(directory, "photo.jpg")));
    }
  }

  @Test
  void interruptedOnePhaseCommitIsCompletedAtRestart() throws Exception {
    // given
    TestAdapter crashed = TestAdapter.start(directory);
    interruptedOnePhaseCommit(crashed);
    crashed.crash();

    // when
    restart();

    // then
    assertEquals("a", read(media(directory, "a.jpg")));
    assertEquals("b", read(media(directory, "b.jpg")));
    assertEquals(List.of(), records(directory));
  }

  @Test
  void rollbackOfADecidedOnePhaseCommitCompletesItInstead() throws Exception {
    // given
    restart();
    TestXid xid = interruptedOnePhaseCommit(restarted);

    // when
    XAException outcome =
        assertThrows(XAException.class, () -> restarted.recoveryResource().rollback(xid));

    // then
    assertEquals(XAException.XA_HEURCOM, outcome.errorCode);
    assertEquals("a", read(media(directory, "a.jpg")));
    assertEquals("b", read(media(directory, "b.jpg")));
  }

  @Test
  void commitOfABranchWithoutRecordAfterRestartIsRefusedAsUnknown() throws Exception {
    XAException refused =
        assertThrows(
            XAException.class, () -> restart().recoveryResource().commit(TestXid.next(), false));

    assertEquals(XAException.XAER_NOTA, refused.errorCode);
  }

  private TestXid preparedThenCrashed(String id, String text) throws Exception {
    TestAdapter crashed = TestAdapter.start(directory);
    TestXid xid = TestXid.next();
    crashed.session().prepared(xid, c -> c.write(id, content(text)));
    crashed.crash();
    return xid;
  }

  /** A one-phase commit of two files that failed before moving anything into place. */
  private TestXid interruptedOnePhaseCommit(TestAdapter adapter) throws Exception {
    Session session = adapter.session();
    TestXid xid = TestXid.next();
    session.inBranch(
        xid,
        c -> {
          c.write("a.jpg", content("a"));
          c.write("b.jpg", content("b"));
        });
    Path mediaDirectory = directory.resolve("media");
    Files.delete(mediaDirectory);
    XAException failure = assertThrows(XAException.class, () -> session.xa().commit(xid, true));
    assertEquals(XAException.XAER_RMFAIL, failure.errorCode);
    Files.createDirectory(mediaDirectory);
    return xid;
  }

  private TestAdapter restart() throws Exception {
    restarted = TestAdapter.start(directory);
    return restarted;
  }
}
