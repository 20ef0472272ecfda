package io.parley.media.store.adapter.transaction;

import static io.parley.media.store.adapter.testing.VolumeFiles.content;
import static io.parley.media.store.adapter.testing.VolumeFiles.media;
import static io.parley.media.store.adapter.testing.VolumeFiles.read;
import static io.parley.media.store.adapter.testing.VolumeFiles.records;
import static io.parley.media.store.adapter.testing.VolumeFiles.stagingFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.media.store.MediaStoreException;
import io.parley.media.store.adapter.testing.TestAdapter;
import io.parley.media.store.adapter.testing.TestAdapter.Session;
import io.parley.media.store.adapter.testing.TestXid;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes and deletes inside a transaction branch: staged, then committed or rolled back. */
class TransactionTest {

  @TempDir Path directory;
  private TestAdapter adapter;
  private Session session;

  @BeforeEach
  void start() throws Exception {
    adapter = TestAdapter.start(directory);
    session = adapter.session();
  }

  @AfterEach
  void stop() {
    adapter.close();
  }

  @Test
  void commitPutsTheContentInPlaceWithTheExactBytes() throws Exception {
    // given
    byte[] photo = new byte[300_000];
    new Random(7).nextBytes(photo);
    TestXid xid = TestXid.next();
    session.inBranch(xid, c -> c.write("photo.jpg", new ByteArrayInputStream(photo)));

    // when
    session.xa().prepare(xid);
    session.xa().commit(xid, false);

    // then
    assertArrayEquals(photo, Files.readAllBytes(media(directory, "photo.jpg")));
  }

  @Test
  void commitLeavesNoStagingFileAndNoRecord() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.prepared(xid, c -> c.write("photo.jpg", content("jpeg")));

    // when
    session.xa().commit(xid, false);

    // then
    assertEquals(List.of(), stagingFiles(directory));
    assertEquals(List.of(), records(directory));
  }

  @Test
  void stagedContentIsInvisibleToOtherConnectionsBeforeCommit() throws Exception {
    // given
    Session other = adapter.session();
    TestXid xid = TestXid.next();

    // when
    session.inBranch(xid, c -> c.write("photo.jpg", content("jpeg")));

    // then
    assertFalse(other.connection().exists("photo.jpg"));
    assertFalse(Files.exists(media(directory, "photo.jpg")));
  }

  @Test
  void connectionReadsWhatItsBranchStaged() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.xa().start(xid, XAResource.TMNOFLAGS);
    session.connection().write("note.txt", content("draft"));

    // when
    String read = read(session.connection().open("note.txt"));

    // then
    assertEquals("draft", read);
    assertEquals(5, session.connection().size("note.txt"));
  }

  @Test
  void rollbackLeavesNothing() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.inBranch(xid, c -> c.write("photo.jpg", content("jpeg")));

    // when
    session.xa().rollback(xid);

    // then
    assertFalse(Files.exists(media(directory, "photo.jpg")));
    assertEquals(List.of(), stagingFiles(directory));
    assertEquals(List.of(), records(directory));
  }

  @Test
  void rollbackOfAPreparedBranchLeavesNothing() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.prepared(xid, c -> c.write("photo.jpg", content("jpeg")));

    // when
    session.xa().rollback(xid);

    // then
    assertFalse(Files.exists(media(directory, "photo.jpg")));
    assertEquals(List.of(), stagingFiles(directory));
    assertEquals(List.of(), records(directory));
  }

  @Test
  void prepareRecordsTheBranchAndMovesNothingYet() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.inBranch(xid, c -> c.write("photo.jpg", content("jpeg")));

    // when
    int vote = session.xa().prepare(xid);

    // then
    assertEquals(XAResource.XA_OK, vote);
    assertEquals(1, records(directory).size());
    assertEquals(1, stagingFiles(directory).size());
    assertFalse(Files.exists(media(directory, "photo.jpg")));
  }

  @Test
  void branchWithoutChangesIsReadOnlyAndRecordsNothing() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.inBranch(xid, c -> c.exists("photo.jpg"));

    // when
    int vote = session.xa().prepare(xid);

    // then
    assertEquals(XAResource.XA_RDONLY, vote);
    assertEquals(List.of(), records(directory));
  }

  @Test
  void deleteLeavesTheContentInPlaceUntilCommit() throws Exception {
    // given
    session.connection().write("old.jpg", content("old"));
    TestXid xid = TestXid.next();

    // when
    session.prepared(xid, c -> c.delete("old.jpg"));

    // then
    assertEquals("old", read(media(directory, "old.jpg")));
    assertTrue(adapter.session().connection().exists("old.jpg"));
  }

  @Test
  void commitAppliesTheDelete() throws Exception {
    // given
    session.connection().write("old.jpg", content("old"));
    TestXid xid = TestXid.next();
    session.prepared(xid, c -> c.delete("old.jpg"));

    // when
    session.xa().commit(xid, false);

    // then
    assertFalse(Files.exists(media(directory, "old.jpg")));
  }

  @Test
  void rollbackKeepsDeletedContent() throws Exception {
    // given
    session.connection().write("old.jpg", content("old"));
    TestXid xid = TestXid.next();
    session.prepared(xid, c -> c.delete("old.jpg"));

    // when
    session.xa().rollback(xid);

    // then
    assertEquals("old", read(media(directory, "old.jpg")));
  }

  @Test
  void branchDoesNotSeeWhatItDeleted() throws Exception {
    // given
    session.connection().write("old.jpg", content("old"));
    TestXid xid = TestXid.next();
    session.xa().start(xid, XAResource.TMNOFLAGS);

    // when
    session.connection().delete("old.jpg");

    // then
    assertFalse(session.connection().exists("old.jpg"));
  }

  @Test
  void onePhaseCommitPutsTheContentInPlace() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.inBranch(xid, c -> c.write("photo.jpg", content("jpeg")));

    // when
    session.xa().commit(xid, true);

    // then
    assertEquals("jpeg", read(media(directory, "photo.jpg")));
  }

  @Test
  void onePhaseCommitOfSeveralChangesAppliesAllAndLeavesNoRecord() throws Exception {
    // given
    session.connection().write("old.jpg", content("old"));
    TestXid xid = TestXid.next();
    session.inBranch(
        xid,
        c -> {
          c.write("a.jpg", content("a"));
          c.write("b.jpg", content("b"));
          c.delete("old.jpg");
        });

    // when
    session.xa().commit(xid, true);

    // then
    assertEquals(List.of("a.jpg", "b.jpg"), session.connection().ids());
    assertEquals(List.of(), records(directory));
    assertEquals(List.of(), stagingFiles(directory));
  }

  @Test
  void branchEndedWithFailureRollsBackAtPrepare() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.xa().start(xid, XAResource.TMNOFLAGS);
    session.connection().write("photo.jpg", content("jpeg"));
    session.xa().end(xid, XAResource.TMFAIL);

    // when
    XAException vote = assertThrows(XAException.class, () -> session.xa().prepare(xid));

    // then
    assertEquals(XAException.XA_RBROLLBACK, vote.errorCode);
    assertFalse(Files.exists(media(directory, "photo.jpg")));
    assertEquals(List.of(), stagingFiles(directory));
  }

  @Test
  void laterWriteOfAnIdInTheBranchReplacesTheEarlierOne() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.inBranch(
        xid,
        c -> {
          c.write("note.txt", content("first"));
          c.write("note.txt", content("second"));
        });

    // when
    session.xa().commit(xid, true);

    // then
    assertEquals("second", read(media(directory, "note.txt")));
    assertEquals(List.of(), stagingFiles(directory));
  }

  @Test
  void writeAfterTheBranchWasRolledBackIsRefused() throws Exception {
    // given the transaction manager rolled the branch back while the connection works in it
    TestXid xid = TestXid.next();
    session.xa().start(xid, XAResource.TMNOFLAGS);
    adapter.recoveryResource().rollback(xid.copy());

    // when
    MediaStoreException refused =
        assertThrows(
            MediaStoreException.class,
            () -> session.connection().write("late.jpg", content("late")));

    // then
    assertEquals(MediaStoreException.Kind.ILLEGAL_STATE, refused.kind());
    assertFalse(Files.exists(media(directory, "late.jpg")));
    assertEquals(List.of(), stagingFiles(directory));
  }

  @Test
  void idsInABranchIncludeItsWritesAndLeaveOutItsDeletes() throws Exception {
    // given
    session.connection().write("old.jpg", content("old"));
    session.connection().write("kept.jpg", content("kept"));
    TestXid xid = TestXid.next();
    session.xa().start(xid, XAResource.TMNOFLAGS);
    session.connection().write("new.jpg", content("new"));
    session.connection().delete("old.jpg");

    // when
    List<String> ids = session.connection().ids();

    // then
    assertEquals(List.of("kept.jpg", "new.jpg"), ids);
  }
}
