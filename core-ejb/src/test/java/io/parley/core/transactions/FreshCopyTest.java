package io.parley.core.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FreshCopyTest {

  private long now = 1_000;
  private final FreshCopy<String> copy = new FreshCopy<>(1000, () -> now);
  private final AtomicInteger reads = new AtomicInteger();
  private final Transaction transaction = new Transaction();

  private String read(String value) {
    reads.incrementAndGet();
    return value;
  }

  @Test
  void aFreshCopyIsUsedWithoutReadingAgain() {
    copy.get(() -> read("a"));
    now += 999;

    assertEquals("a", copy.get(() -> read("b")));
    assertEquals(1, reads.get());
  }

  @Test
  void aStaleCopyIsReadAgain() {
    copy.get(() -> read("a"));
    now += 1000;

    assertEquals("b", copy.get(() -> read("b")));
  }

  @Test
  void anInvalidationDropsTheCopyAtOnce() {
    copy.get(() -> read("a"));

    copy.invalidate(Transaction.NONE);

    assertEquals("b", copy.get(() -> read("b")));
  }

  @Test
  void aReadThatOverlapsAnInvalidationIsReturnedButNotKept() {
    String overlapping =
        copy.get(
            () -> {
              copy.invalidate(Transaction.NONE);
              return read("before the commit");
            });

    assertEquals("before the commit", overlapping);
    assertEquals("after the commit", copy.get(() -> read("after the commit")));
  }

  @Test
  void aCopyReadDuringTheWritersTransactionIsDroppedWhenItEnds() {
    copy.invalidate(transaction);
    copy.get(() -> read("read before the commit"));

    transaction.end();

    assertEquals("committed", copy.get(() -> read("committed")));
  }

  /** A transaction registry with one active transaction whose end runs its synchronizations. */
  static final class Transaction implements TransactionSynchronizationRegistry {

    static final TransactionSynchronizationRegistry NONE = new Transaction(false);

    private final boolean active;
    private final List<Synchronization> synchronizations = new ArrayList<>();

    Transaction() {
      this(true);
    }

    private Transaction(boolean active) {
      this.active = active;
    }

    void end() {
      synchronizations.forEach(s -> s.afterCompletion(Status.STATUS_COMMITTED));
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
}
