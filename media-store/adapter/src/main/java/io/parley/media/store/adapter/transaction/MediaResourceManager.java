package io.parley.media.store.adapter.transaction;

import io.parley.media.store.adapter.transaction.Branch.State;
import io.parley.media.store.adapter.volume.Change;
import io.parley.media.store.adapter.volume.Durability;
import io.parley.media.store.adapter.volume.MediaVolume;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.jboss.logging.Logger;

/**
 * The resource manager of one media directory: the transaction branches in flight, keyed by Xid and
 * shared by every connection over the directory (so that a branch joined through several
 * connections prepares and commits once), and the two-phase commit over the volume and its log.
 *
 * <p>Transaction semantics:
 *
 * <ul>
 *   <li>prepare forces the branch's staged files, then writes and forces its record; a branch
 *       without changes is read-only and needs no record;
 *   <li>commit moves the staged files into place atomically and applies the deletes, forces the
 *       media directory, then removes the record; doing it again after a crash does nothing more;
 *   <li>one-phase commit forces and applies directly; with several changes it first writes a {@code
 *       committing} record, so that a crash midway is completed at the next start rather than
 *       leaving part of the branch applied;
 *   <li>rollback removes the record, if any, and deletes the staged files;
 *   <li>recovery lists the Xids of the {@code prepared} records; commit and rollback of such an Xid
 *       work from its record, in a new instance after a restart as well;
 *   <li>staging files that no write, branch or record holds are garbage: a crash ended their branch
 *       before it was prepared, and the presumed outcome is rollback. Opening the directory and
 *       each recovery scan remove them.
 * </ul>
 */
public final class MediaResourceManager implements Closeable {

  private static final Logger LOG = Logger.getLogger(MediaResourceManager.class);

  private final MediaVolume volume;
  private final TransactionLog log;
  private final ConcurrentMap<XidKey, Branch> branches = new ConcurrentHashMap<>();

  private MediaResourceManager(MediaVolume volume) {
    this.volume = volume;
    this.log = new TransactionLog(volume);
  }

  /**
   * Opens the resource manager of {@code directory}: completes the one-phase commits a crash
   * interrupted and removes the staging files nothing will commit. Prepared branches stay in doubt
   * until the transaction manager's recovery decides them.
   */
  public static MediaResourceManager open(Path directory, Durability durability)
      throws IOException {
    MediaVolume volume = MediaVolume.open(directory, durability);
    try {
      MediaResourceManager manager = new MediaResourceManager(volume);
      for (LogRecord record : manager.log.readAll()) {
        if (record.state() == LogRecord.State.COMMITTING) {
          manager.completeDecided(record);
        }
      }
      manager.removeGarbage();
      return manager;
    } catch (IOException | RuntimeException e) {
      volume.close();
      throw e;
    }
  }

  public MediaVolume volume() {
    return volume;
  }

  /**
   * Deletes the staging files that no write, no branch in flight and no record holds: the content
   * of branches that a crash ended before they were prepared.
   */
  public void removeGarbage() throws IOException {
    volume.removeGarbage(TransactionLog.stagingFiles(log.readAll()));
  }

  Branch begin(XidKey xid) throws XAException {
    Branch branch = new Branch(xid);
    if (branches.putIfAbsent(xid, branch) != null) {
      throw XaFailures.of(XAException.XAER_DUPID, "Branch " + xid + " exists");
    }
    return branch;
  }

  Branch join(XidKey xid) throws XAException {
    Branch branch = inFlight(xid);
    State state = branch.state();
    if (state != State.ACTIVE && state != State.ROLLBACK_ONLY) {
      throw XaFailures.of(XAException.XAER_PROTO, "Branch " + xid + " is " + state);
    }
    return branch;
  }

  int prepare(XidKey xid) throws XAException {
    Branch branch = inFlight(xid);
    synchronized (branch) {
      requireActive(branch);
      List<Change> changes = branch.changes();
      if (changes.isEmpty()) {
        branch.moveTo(State.COMPLETED);
        branches.remove(xid, branch);
        return XAResource.XA_RDONLY;
      }
      try {
        volume.flush(changes);
        log.write(new LogRecord(LogRecord.State.PREPARED, xid, changes));
      } catch (IOException | RuntimeException e) {
        log.remove(xid);
        end(branch);
        throw XaFailures.of(XAException.XA_RBOTHER, "Could not prepare " + xid, e);
      }
      branch.moveTo(State.PREPARED);
      return XAResource.XA_OK;
    }
  }

  void commit(XidKey xid, boolean onePhase) throws XAException {
    Branch branch = branches.get(xid);
    if (branch == null) {
      commitRecorded(xid, onePhase);
      return;
    }
    synchronized (branch) {
      if (onePhase) {
        commitOnePhase(branch);
      } else {
        commitPrepared(branch);
      }
    }
  }

  /**
   * Lets a branch still being worked in go on to completion; one marked rollback-only is ended and
   * reported rolled back.
   */
  private void requireActive(Branch branch) throws XAException {
    switch (branch.state()) {
      case ACTIVE -> {}
      case ROLLBACK_ONLY -> {
        end(branch);
        throw XaFailures.of(XAException.XA_RBROLLBACK, "Branch " + branch.xid() + " failed");
      }
      default ->
          throw XaFailures.of(
              XAException.XAER_PROTO, "Branch " + branch.xid() + " is " + branch.state());
    }
  }

  private void commitPrepared(Branch branch) throws XAException {
    if (branch.state() != State.PREPARED) {
      throw XaFailures.of(XAException.XAER_PROTO, "Branch " + branch.xid() + " is not prepared");
    }
    try {
      volume.apply(branch.changes());
    } catch (IOException | RuntimeException e) {
      // The branch stays prepared, its record on disk: the transaction manager commits again.
      throw XaFailures.of(XAException.XAER_RMFAIL, "Could not commit " + branch.xid(), e);
    }
    log.remove(branch.xid());
    branch.moveTo(State.COMPLETED);
    branches.remove(branch.xid(), branch);
  }

  private void commitOnePhase(Branch branch) throws XAException {
    XidKey xid = branch.xid();
    requireActive(branch);
    List<Change> changes = branch.changes();
    boolean recorded = changes.size() > 1;
    try {
      volume.flush(changes);
      if (recorded) {
        log.write(new LogRecord(LogRecord.State.COMMITTING, xid, changes));
      }
    } catch (IOException | RuntimeException e) {
      log.remove(xid);
      end(branch);
      throw XaFailures.of(XAException.XA_RBOTHER, "Could not commit " + xid, e);
    }
    branch.moveTo(State.COMPLETED);
    branches.remove(xid, branch);
    try {
      volume.apply(changes);
    } catch (IOException | RuntimeException e) {
      if (recorded) {
        throw XaFailures.of(
            XAException.XAER_RMFAIL, "Commit of " + xid + " is completed from its record", e);
      }
      volume.discard(changes);
      throw XaFailures.of(XAException.XA_HEURHAZ, "Could not commit " + xid, e);
    }
    if (recorded) {
      log.remove(xid);
    }
  }

  private void commitRecorded(XidKey xid, boolean onePhase) throws XAException {
    LogRecord record = recorded(xid);
    if (onePhase && record.state() == LogRecord.State.PREPARED) {
      throw XaFailures.of(XAException.XAER_PROTO, "Branch " + xid + " is prepared");
    }
    try {
      volume.apply(record.changes());
    } catch (IOException | RuntimeException e) {
      throw XaFailures.of(XAException.XAER_RMFAIL, "Could not commit " + xid, e);
    }
    log.remove(xid);
    LOG.infof("Committed the recorded media store branch %s", xid);
  }

  void rollback(XidKey xid) throws XAException {
    Branch branch = branches.get(xid);
    if (branch == null) {
      LogRecord record = recorded(xid);
      if (record.state() == LogRecord.State.COMMITTING) {
        completeDecided(record);
        throw XaFailures.of(XAException.XA_HEURCOM, "One-phase commit of " + xid + " was decided");
      }
      log.remove(xid);
      volume.discard(record.changes());
      LOG.infof("Rolled back the in-doubt media store branch %s", xid);
      return;
    }
    synchronized (branch) {
      if (branch.state() == State.COMPLETED) {
        throw XaFailures.of(XAException.XAER_NOTA, "Branch " + xid + " is completed");
      }
      if (branch.state() == State.PREPARED) {
        log.remove(xid);
      }
      end(branch);
    }
  }

  /**
   * The Xids of the prepared records. On the way, completes the decided one-phase commits and
   * removes garbage, such as the staging files of another node sharing the directory that crashed.
   */
  Xid[] recover() throws XAException {
    List<LogRecord> records;
    try {
      records = log.readAll();
    } catch (IOException e) {
      throw XaFailures.of(XAException.XAER_RMFAIL, "Could not read the transaction log", e);
    }
    List<Xid> inDoubt = new ArrayList<>();
    for (LogRecord record : records) {
      if (record.state() == LogRecord.State.PREPARED) {
        inDoubt.add(record.xid());
      } else {
        completeDecided(record);
      }
    }
    try {
      volume.removeGarbage(TransactionLog.stagingFiles(records));
    } catch (IOException e) {
      LOG.warnf(e, "Could not remove the media store's garbage; the next scan will");
    }
    return inDoubt.toArray(new Xid[0]);
  }

  private void completeDecided(LogRecord record) {
    try {
      volume.apply(record.changes());
      log.remove(record.xid());
      LOG.infof("Completed the interrupted one-phase commit of %s", record.xid());
    } catch (IOException | RuntimeException e) {
      LOG.warnf(e, "Could not complete the one-phase commit of %s yet", record.xid());
    }
  }

  private Branch inFlight(XidKey xid) throws XAException {
    Branch branch = branches.get(xid);
    if (branch == null) {
      throw XaFailures.of(XAException.XAER_NOTA, "No branch " + xid);
    }
    return branch;
  }

  private LogRecord recorded(XidKey xid) throws XAException {
    try {
      return log.read(xid)
          .orElseThrow(() -> XaFailures.of(XAException.XAER_NOTA, "No branch " + xid));
    } catch (IOException | IllegalArgumentException e) {
      throw XaFailures.of(XAException.XAER_RMFAIL, "Could not read the record of " + xid, e);
    }
  }

  /** Ends {@code branch} without committing: forgets it and deletes its staged files. */
  private void end(Branch branch) {
    branch.moveTo(State.COMPLETED);
    branches.remove(branch.xid(), branch);
    volume.discard(branch.changes());
  }

  /**
   * Closes the volume. Branches in flight are abandoned as in a crash: prepared ones stay in doubt
   * in their records, the others become garbage.
   */
  @Override
  public void close() throws IOException {
    volume.close();
  }
}
