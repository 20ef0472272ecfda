package io.parley.media.store.adapter.transaction;

import io.parley.media.store.MediaStoreException;
import io.parley.media.store.adapter.volume.Change;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One transaction branch in flight: the changes staged under its Xid, at most one per media id, and
 * where it is in the XA protocol. Shared by every connection that joined the branch; its methods
 * and the resource manager's transitions synchronize on it.
 */
final class Branch {

  enum State {
    /** Connections may stage changes. */
    ACTIVE,
    /** Ended with TMFAIL: it can only roll back. */
    ROLLBACK_ONLY,
    /** Voted yes; its record is on disk. */
    PREPARED,
    /** Committed or rolled back; nothing more to do. */
    COMPLETED
  }

  private final XidKey xid;
  private final Map<String, Change> changes = new LinkedHashMap<>();
  private State state = State.ACTIVE;

  Branch(XidKey xid) {
    this.xid = xid;
  }

  XidKey xid() {
    return xid;
  }

  synchronized State state() {
    return state;
  }

  synchronized void moveTo(State next) {
    state = next;
  }

  synchronized void markRollbackOnly() {
    if (state == State.ACTIVE) {
      state = State.ROLLBACK_ONLY;
    }
  }

  /** The change staged for {@code id}, or {@code null}. */
  synchronized Change change(String id) {
    return changes.get(id);
  }

  synchronized List<Change> changes() {
    return List.copyOf(changes.values());
  }

  /**
   * Stages {@code change}, replacing the change staged for its id.
   *
   * @return the replaced change, or {@code null}; a replaced put's staging file is the caller's to
   *     discard
   * @throws MediaStoreException of kind ILLEGAL_STATE when the branch no longer takes changes
   */
  synchronized Change stage(Change change) {
    requireActive();
    return changes.put(change.id(), change);
  }

  synchronized void requireActive() {
    if (state != State.ACTIVE) {
      throw new MediaStoreException(
          MediaStoreException.Kind.ILLEGAL_STATE,
          "Transaction branch " + xid + " is " + state.name().toLowerCase(Locale.ROOT));
    }
  }
}
