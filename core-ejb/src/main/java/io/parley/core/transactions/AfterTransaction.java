package io.parley.core.transactions;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Runs an action when the current transaction has ended: whatever its outcome, or on commit. */
public final class AfterTransaction {

  private AfterTransaction() {}

  /** Registers {@code action} to run after the active transaction; nothing without one. */
  public static void run(TransactionSynchronizationRegistry transactions, Runnable action) {
    register(transactions, action, false);
  }

  /**
   * Registers {@code action} to run once the active transaction has committed, on the committing
   * thread, which still has the ended transaction (hand on to another for work that needs none);
   * nothing without one, or when it rolls back.
   */
  public static void onCommit(TransactionSynchronizationRegistry transactions, Runnable action) {
    register(transactions, action, true);
  }

  private static void register(
      TransactionSynchronizationRegistry transactions, Runnable action, boolean commitOnly) {
    if (transactions.getTransactionKey() == null
        || transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (!commitOnly || status == Status.STATUS_COMMITTED) {
              action.run();
            }
          }
        });
  }
}
