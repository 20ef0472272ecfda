package io.parley.media.store.adapter.transaction;

import static io.parley.media.store.adapter.testing.VolumeFiles.content;
import static io.parley.media.store.adapter.testing.VolumeFiles.media;
import static io.parley.media.store.adapter.testing.VolumeFiles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.media.store.adapter.testing.TestAdapter;
import io.parley.media.store.adapter.testing.TestAdapter.Session;
import io.parley.media.store.adapter.testing.TestXid;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The XA protocol as a transaction manager drives it, including the calls it must refuse. */
class XaProtocolTest {

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
  void resourcesOverTheSameDirectoryAreTheSameResourceManager() throws Exception {
    assertTrue(session.xa().isSameRM(adapter.session().xa()));
  }

  @Test
  void resourcesOverAnotherDirectoryAreNotTheSameResourceManager(@TempDir Path elsewhere)
      throws Exception {
    try (TestAdapter other = TestAdapter.start(elsewhere)) {
      assertFalse(session.xa().isSameRM(other.session().xa()));
    }
  }

  @Test
  void resourceOfAnotherKindIsNotTheSameResourceManager() throws Exception {
    XAResource database =
        (XAResource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {XAResource.class},
                (proxy, method, args) -> null);

    assertFalse(session.xa().isSameRM(database));
  }

  @Test
  void joinedConnectionsCommitTogether() throws Exception {
    // given two connections working in one branch, as after isSameRM
    Session second = adapter.session();
    TestXid xid = TestXid.next();
    session.inBranch(xid, c -> c.write("a.jpg", content("a")));
    second.xa().start(xid.copy(), XAResource.TMJOIN);
    second.connection().write("b.jpg", content("b"));
    second.xa().end(xid.copy(), XAResource.TMSUCCESS);

    // when
    session.xa().prepare(xid);
    session.xa().commit(xid, false);

    // then
    assertEquals("a", read(media(directory, "a.jpg")));
    assertEquals("b", read(media(directory, "b.jpg")));
  }

  @Test
  void resumedBranchKeepsWhatWasStagedBeforeSuspension() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.xa().start(xid, XAResource.TMNOFLAGS);
    session.connection().write("a.jpg", content("a"));
    session.xa().end(xid, XAResource.TMSUSPEND);

    // when
    session.xa().start(xid, XAResource.TMRESUME);
    session.connection().write("b.jpg", content("b"));
    session.xa().end(xid, XAResource.TMSUCCESS);
    session.xa().commit(xid, true);

    // then
    assertEquals("a", read(media(directory, "a.jpg")));
    assertEquals("b", read(media(directory, "b.jpg")));
  }

  @Test
  void anotherXidObjectWithTheSameBytesNamesTheSameBranch() throws Exception {
    // given
    TestXid xid = TestXid.next();
    session.inBranch(xid, c -> c.write("a.jpg", content("a")));

    // when
    session.xa().prepare(xid.copy());
    session.xa().commit(xid.copy(), false);

    // then
    assertEquals("a", read(media(directory, "a.jpg")));
  }

  @Test
  void startOfAnExistingBranchIsRefusedAsDuplicate() throws Exception {
    TestXid xid = TestXid.next();
    session.xa().start(xid, XAResource.TMNOFLAGS);

    assertXaError(
        XAException.XAER_DUPID,
        () -> adapter.session().xa().start(xid.copy(), XAResource.TMNOFLAGS));
  }

  @Test
  void joinOfAnUnknownBranchIsRefusedAsUnknown() {
    assertXaError(
        XAException.XAER_NOTA, () -> session.xa().start(TestXid.next(), XAResource.TMJOIN));
  }

  @Test
  void startWhileWorkingInAnotherBranchIsRefused() throws Exception {
    session.xa().start(TestXid.next(), XAResource.TMNOFLAGS);

    assertXaError(
        XAException.XAER_PROTO, () -> session.xa().start(TestXid.next(), XAResource.TMNOFLAGS));
  }

  @Test
  void startAfterTheBranchWasRolledBackBehindTheConnectionIsAccepted() throws Exception {
    // given a timeout rolled the branch back, and end was never called
    TestXid abandoned = TestXid.next();
    session.xa().start(abandoned, XAResource.TMNOFLAGS);
    adapter.recoveryResource().rollback(abandoned.copy());
    TestXid next = TestXid.next();

    // when
    session.committed(next, c -> c.write("a.jpg", content("a")));

    // then
    assertEquals("a", read(media(directory, "a.jpg")));
  }

  @Test
  void endOfABranchTheConnectionDoesNotWorkInIsRefused() throws Exception {
    session.xa().start(TestXid.next(), XAResource.TMNOFLAGS);

    assertXaError(
        XAException.XAER_PROTO, () -> session.xa().end(TestXid.next(), XAResource.TMSUCCESS));
  }

  @Test
  void prepareOfAnUnknownBranchIsRefusedAsUnknown() {
    assertXaError(XAException.XAER_NOTA, () -> session.xa().prepare(TestXid.next()));
  }

  @Test
  void commitOfAnUnknownBranchIsRefusedAsUnknown() {
    assertXaError(XAException.XAER_NOTA, () -> session.xa().commit(TestXid.next(), false));
  }

  @Test
  void rollbackOfAnUnknownBranchIsRefusedAsUnknown() {
    assertXaError(XAException.XAER_NOTA, () -> session.xa().rollback(TestXid.next()));
  }

  @Test
  void twoPhaseCommitOfAnUnpreparedBranchIsRefused() throws Exception {
    TestXid xid = TestXid.next();
    session.inBranch(xid, c -> c.write("a.jpg", content("a")));

    assertXaError(XAException.XAER_PROTO, () -> session.xa().commit(xid, false));
  }

  @Test
  void onePhaseCommitOfAPreparedBranchIsRefused() throws Exception {
    TestXid xid = TestXid.next();
    session.prepared(xid, c -> c.write("a.jpg", content("a")));

    assertXaError(XAException.XAER_PROTO, () -> session.xa().commit(xid, true));
  }

  @Test
  void secondPrepareIsRefused() throws Exception {
    TestXid xid = TestXid.next();
    session.prepared(xid, c -> c.write("a.jpg", content("a")));

    assertXaError(XAException.XAER_PROTO, () -> session.xa().prepare(xid));
  }

  @Test
  void forgetIsRefusedAsUnknownSinceNothingCompletesHeuristically() {
    assertXaError(XAException.XAER_NOTA, () -> session.xa().forget(TestXid.next()));
  }

  @Test
  void transactionTimeoutIsNotSupported() throws Exception {
    assertFalse(session.xa().setTransactionTimeout(30));
    assertEquals(0, session.xa().getTransactionTimeout());
  }

  @Test
  void negativeTransactionTimeoutIsRefused() {
    assertXaError(XAException.XAER_INVAL, () -> session.xa().setTransactionTimeout(-1));
  }

  @Test
  void recoverReturnsNothingMoreWhenAScanContinues() throws Exception {
    session.prepared(TestXid.next(), c -> c.write("a.jpg", content("a")));

    assertEquals(0, session.xa().recover(XAResource.TMNOFLAGS).length);
  }

  @Test
  void recoverRefusesFlagsOtherThanScanFlags() {
    assertXaError(XAException.XAER_INVAL, () -> session.xa().recover(XAResource.TMJOIN));
  }

  private static void assertXaError(int errorCode, Executable call) {
    XAException refused = assertThrows(XAException.class, call);
    assertEquals(errorCode, refused.errorCode);
  }
}
