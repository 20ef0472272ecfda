package io.parley.core.settings;

import io.parley.core.transactions.FreshCopy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.Supplier;

/**
 * The resolved application settings, read from the database at most once per {@link #FRESH_MILLIS}.
 * Every accepted message, status and webhook post consults them, and reading them means a query and
 * a JSON parse per field; cached, that cost is paid once a second instead.
 *
 * <p>A change made on this node is seen at once: the writer drops the cached copy, and drops it
 * again when its transaction has ended, so a copy read before the commit does not outlive it. A
 * change made on another node sharing the database is seen within {@link #FRESH_MILLIS}.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class ApplicationSettingsCache {

  /** How long a read copy is used. */
  static final long FRESH_MILLIS = 1000;

  @Resource TransactionSynchronizationRegistry transactions;

  private final FreshCopy<ApplicationSettings> copy = new FreshCopy<>(FRESH_MILLIS);

  /** The cached copy if fresh, else what {@code read} returns (then cached). */
  public ApplicationSettings get(Supplier<ApplicationSettings> read) {
    return copy.get(read);
  }

  /** Drops the cached copy now and when the current transaction (if any) has ended. */
  public void invalidate() {
    copy.invalidate(transactions);
  }
}
