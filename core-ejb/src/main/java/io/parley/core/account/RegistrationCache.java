package io.parley.core.account;

import io.parley.core.transactions.FreshCopy;
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
 * The registered wa_id and shard count (empty while none is registered), read from the database at
 * most once per {@link #FRESH_MILLIS}: every accepted message and every inbound message asks for
 * it. A registration on this node is seen at once (the writer drops the copy now and after its
 * transaction), one on another node within {@link #FRESH_MILLIS}.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class RegistrationCache {

  /** How long a read copy is used. */
  static final long FRESH_MILLIS = 1000;

  @Resource TransactionSynchronizationRegistry transactions;

  /** A registered account: its wa_id and how many shards its traffic is split into. */
  public record Registered(String waId, int shards) {}

  private final FreshCopy<Optional<Registered>> copy = new FreshCopy<>(FRESH_MILLIS);

  /** The cached copy if fresh, else what {@code read} returns (then cached). */
  public Optional<Registered> registered(Supplier<Optional<Registered>> read) {
    return copy.get(read);
  }

  /** Drops the cached copy now and when the current transaction (if any) has ended. */
  public void invalidate() {
    copy.invalidate(transactions);
  }
}
