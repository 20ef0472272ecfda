package io.parley.core.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FreshCopyTest {

  private long now = 1_000;
  private final FreshCopy<String> copy = new FreshCopy<>(1000, () -> now);
  private final AtomicInteger reads = new AtomicInteger();
  private final FakeTransaction transaction = new FakeTransaction();

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

    copy.invalidate(FakeTransaction.NONE);

    assertEquals("b", copy.get(() -> read("b")));
  }

  @Test
  void aReadThatOverlapsAnInvalidationIsReturnedButNotKept() {
    String overlapping =
        copy.get(
            () -> {
              copy.invalidate(FakeTransaction.NONE);
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
}
