package io.parley.core.users;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts events per key over a sliding window (for example failed logins per client per hour).
 * Memory stays bounded: a key keeps at most {@code limit} timestamps, and at most {@code maxKeys}
 * keys are tracked, the least recently used dropped first. Thread-safe.
 */
public final class SlidingWindow {

  private final int limit;
  private final Duration window;
  private final int maxKeys;
  private final Clock clock;
  private final Map<String, Deque<Long>> events;

  public SlidingWindow(int limit, Duration window, int maxKeys, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.maxKeys = maxKeys;
    this.clock = clock;
    this.events = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** Whether {@code key} has reached the limit within the window. */
  public synchronized boolean exceeded(String key) {
    Deque<Long> times = events.get(key);
    if (times == null) {
      return false;
    }
    expire(times, clock.millis());
    return times.size() >= limit;
  }

  /** Records one event of {@code key}. */
  public synchronized void record(String key) {
    long now = clock.millis();
    Deque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
    expire(times, now);
    times.addLast(now);
    while (times.size() > limit) {
      times.removeFirst();
    }
    if (events.size() > maxKeys) {
      Iterator<String> eldest = events.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  /** Drops the keys whose events have all left the window. */
  public synchronized void purge() {
    long now = clock.millis();
    events.values().removeIf(times -> expire(times, now).isEmpty());
  }

  public synchronized int trackedKeys() {
    return events.size();
  }

  private Deque<Long> expire(Deque<Long> times, long now) {
    long oldest = now - window.toMillis();
    while (!times.isEmpty() && times.peekFirst() <= oldest) {
      times.removeFirst();
    }
    return times;
  }
}
