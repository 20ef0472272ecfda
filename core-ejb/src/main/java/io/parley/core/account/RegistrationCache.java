package io.parley.core.account;

import io.parley.core.transactions.AfterTransaction;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The registered wa_id (empty while none is registered), read from the database at most once per
 * {@link #FRESH_MILLIS}: every accepted message and every inbound message asks for it. A
 * registration on this node is seen at once (the writer drops the copy now and after its
 * transaction), one on another node within {@link #FRESH_MILLIS}.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class RegistrationCache {

  /** How long a read copy is used. */
  static final long FRESH_MILLIS = 1000;

  private record Copy(Optional<String> waId, long readAt) {}

  @Resource TransactionSynchronizationRegistry transactions;

  private volatile Copy copy;

  /** The cached registered wa_id if fresh, else what {@code read} returns (then cached). */
  public Optional<String> waId(Supplier<Optional<String>> read) {
    long now = System.currentTimeMillis();
    Copy current = copy;
    if (current != null && now - current.readAt() < FRESH_MILLIS) {
      return current.waId();
    }
    Optional<String> fresh = read.get();
    copy = new Copy(fresh, now);
    return fresh;
  }

  /** Drops the cached copy now and when the current transaction (if any) has ended. */
  public void invalidate() {
    copy = null;
    AfterTransaction.run(transactions, () -> copy = null);
  }
}
