package io.parley.media.store.adapter.transaction;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XA face of one managed connection: start and end associate the connection with a branch of
 * its {@link MediaResourceManager}, and the rest delegates to the resource manager, where branches
 * live by Xid. Two resources over the same directory are the same resource manager ({@link
 * #isSameRM}), so the transaction manager may join a second connection into a branch.
 *
 * <p>Branches do not time out by themselves ({@link #setTransactionTimeout} returns {@code false}):
 * the transaction manager rolls back what outlives its timeout.
 */
public final class MediaXAResource implements XAResource {

  private static final int SCAN_FLAGS = TMSTARTRSCAN | TMENDRSCAN;

  private final MediaResourceManager manager;

  /** The branch the connection works in, or {@code null} outside a transaction. */
  private volatile Branch branch;

  public MediaXAResource(MediaResourceManager manager) {
    this.manager = manager;
  }

  Branch branch() {
    return branch;
  }

  @Override
  public void start(Xid xid, int flags) throws XAException {
    XidKey key = XidKey.of(xid);
    Branch current = branch;
    // A branch completed behind the connection's back (a timeout's rollback) no longer holds it.
    if (current != null && current.state() != Branch.State.COMPLETED) {
      throw XaFailures.of(XAException.XAER_PROTO, "Already working in branch " + current.xid());
    }
    branch =
        switch (flags) {
          case TMNOFLAGS -> manager.begin(key);
          case TMJOIN, TMRESUME -> manager.join(key);
          default -> throw XaFailures.of(XAException.XAER_INVAL, "Flags " + flags + " on start");
        };
  }

  @Override
  public void end(Xid xid, int flags) throws XAException {
    XidKey key = XidKey.of(xid);
    Branch current = branch;
    if (current == null || !current.xid().equals(key)) {
      throw XaFailures.of(XAException.XAER_PROTO, "Not working in branch " + key);
    }
    switch (flags) {
      case TMSUCCESS, TMSUSPEND -> {}
      case TMFAIL -> current.markRollbackOnly();
      default -> throw XaFailures.of(XAException.XAER_INVAL, "Flags " + flags + " on end");
    }
    branch = null;
  }

  @Override
  public int prepare(Xid xid) throws XAException {
    return manager.prepare(XidKey.of(xid));
  }

  @Override
  public void commit(Xid xid, boolean onePhase) throws XAException {
    manager.commit(XidKey.of(xid), onePhase);
  }

  @Override
  public void rollback(Xid xid) throws XAException {
    manager.rollback(XidKey.of(xid));
  }

  /**
   * Nothing to forget: the heuristic outcomes this resource reports (HEURHAZ for a one-phase commit
   * that failed while moving its one file, HEURCOM for a rollback of a one-phase commit already
   * decided) keep no state.
   */
  @Override
  public void forget(Xid xid) throws XAException {
    throw XaFailures.of(XAException.XAER_NOTA, "No heuristically completed branch " + xid);
  }

  @Override
  public Xid[] recover(int flags) throws XAException {
    if ((flags & ~SCAN_FLAGS) != 0) {
      throw XaFailures.of(XAException.XAER_INVAL, "Flags " + flags + " on recover");
    }
    // The whole list at the start of a scan; nothing more when the scan continues.
    return (flags & TMSTARTRSCAN) != 0 ? manager.recover() : new Xid[0];
  }

  @Override
  public boolean isSameRM(XAResource other) {
    return other instanceof MediaXAResource resource && resource.manager == manager;
  }

  @Override
  public int getTransactionTimeout() {
    return 0;
  }

  @Override
  public boolean setTransactionTimeout(int seconds) throws XAException {
    if (seconds < 0) {
      throw XaFailures.of(XAException.XAER_INVAL, "Negative timeout " + seconds);
    }
    return false;
  }
}
