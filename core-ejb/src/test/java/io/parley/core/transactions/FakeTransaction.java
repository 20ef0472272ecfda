package io.parley.core.transactions;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * A transaction registry for unit tests: one active transaction whose {@link #end} runs the
 * synchronizations registered with it, or {@link #NONE}, no transaction at all.
 */
public final class FakeTransaction implements TransactionSynchronizationRegistry {

  public static final TransactionSynchronizationRegistry NONE = new FakeTransaction(false);

  private final boolean active;
  private final List<Synchronization> synchronizations = new ArrayList<>();

  public FakeTransaction() {
    this(true);
  }

  private FakeTransaction(boolean active) {
    this.active = active;
  }

  /** Ends the transaction (committed): its after-completion actions run. */
  public void end() {
    synchronizations.forEach(s -> s.afterCompletion(Status.STATUS_COMMITTED));
  }

  /** Ends the transaction rolled back: its after-completion actions run. */
  public void rollBack() {
    synchronizations.forEach(s -> s.afterCompletion(Status.STATUS_ROLLEDBACK));
  }

  @Override
  public Object getTransactionKey() {
    return active ? this : null;
  }

  @Override
  public int getTransactionStatus() {
    return active ? Status.STATUS_ACTIVE : Status.STATUS_NO_TRANSACTION;
  }

  @Override
  public void registerInterposedSynchronization(Synchronization sync) {
    synchronizations.add(sync);
  }

  @Override
  public void putResource(Object key, Object value) {}

  @Override
  public Object getResource(Object key) {
    return null;
  }

  @Override
  public boolean getRollbackOnly() {
    return false;
  }

  @Override
  public void setRollbackOnly() {}
}
