package io.parley.core.transactions;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Runs an action when the current transaction has ended, whatever its outcome. */
public final class AfterTransaction {

  private AfterTransaction() {}

  /** Registers {@code action} to run after the active transaction; nothing without one. */
  public static void run(TransactionSynchronizationRegistry transactions, Runnable action) {
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
            action.run();
          }
        });
  }
}
