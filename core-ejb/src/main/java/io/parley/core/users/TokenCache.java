package io.parley.core.users;

import io.parley.core.transactions.AfterTransaction;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Bearer tokens recently found valid, by digest, for {@link #FRESH_MILLIS}: every API request is
 * authenticated, and looking the token up in the database was a tenth of the server's CPU under
 * load. Revoking tokens on this node (logout, a deleted user, a restore) empties the cache at once
 * and again when the revoking transaction has ended; another node sharing the database stops
 * accepting a revoked token within {@link #FRESH_MILLIS}.
 *
 * <p>A look-up that overlaps a revocation is answered but not kept: it may have read the token
 * before the revoking commit, and kept it would let the revoked token in for another {@link
 * #FRESH_MILLIS}. Each revocation starts a new generation, and only entries of the current one are
 * used.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class TokenCache {

  /** How long a token found valid is taken as valid without asking the database. */
  static final long FRESH_MILLIS = 2000;

  /** Beyond this many entries the cache starts over rather than grow. */
  static final int MAX_ENTRIES = 10_000;

  private record Entry(Caller caller, long expiresAt, long checkedAt, long generation) {}

  @Resource TransactionSynchronizationRegistry transactions;

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  /**
   * The caller of the token with {@code digest}: from the cache while fresh, else from {@code
   * lookUp} (which throws when the token is not valid).
   */
  public Caller caller(String digest, Supplier<ValidToken> lookUp) {
    long now = System.currentTimeMillis();
    long current = generation.get();
    Entry entry = entries.get(digest);
    if (entry != null
        && entry.generation() == current
        && now - entry.checkedAt() < FRESH_MILLIS
        && now < entry.expiresAt()) {
      return entry.caller();
    }
    ValidToken valid = lookUp.get();
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(digest, new Entry(valid.caller(), valid.expiresAt(), now, current));
    return valid.caller();
  }

  /** Forgets every token now and when the current transaction (if any) has ended. */
  public void invalidateAll() {
    revoke();
    AfterTransaction.run(transactions, this::revoke);
  }

  private void revoke() {
    generation.incrementAndGet();
    entries.clear();
  }

  /** A token the database holds: its owner and when it expires (epoch milliseconds). */
  public record ValidToken(Caller caller, long expiresAt) {}
}
