package io.parley.core.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final SlidingWindow window = new SlidingWindow(3, Duration.ofHours(1), 100, clock);

  @Test
  void limitIsReachedAtTheLimitEvent() {
    window.record("a");
    window.record("a");
    assertFalse(window.exceeded("a"));

    window.record("a");

    assertTrue(window.exceeded("a"));
  }

  @Test
  void keysAreCountedApart() {
    window.record("a");
    window.record("a");
    window.record("a");

    assertFalse(window.exceeded("b"));
  }

  @Test
  void eventsLeaveTheWindowAfterItsLength() {
    window.record("a");
    clock.advance(Duration.ofMinutes(30));
    window.record("a");
    window.record("a");
    assertTrue(window.exceeded("a"));

    clock.advance(Duration.ofMinutes(31));

    assertFalse(window.exceeded("a"));
  }

  @Test
  void trackedKeysAreBounded() {
    SlidingWindow small = new SlidingWindow(3, Duration.ofHours(1), 2, clock);

    small.record("a");
    small.record("b");
    small.record("c");

    assertEquals(2, small.trackedKeys());
  }

  @Test
  void purgeDropsKeysWithNoEventInTheWindow() {
    window.record("a");
    clock.advance(Duration.ofHours(2));
    window.record("b");

    window.purge();

    assertEquals(1, window.trackedKeys());
  }
}
