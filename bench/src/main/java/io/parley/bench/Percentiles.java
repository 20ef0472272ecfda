package io.parley.bench;

import java.util.Arrays;

/** Percentiles of latencies recorded in nanoseconds, reported in milliseconds. */
final class Percentiles {

  private final long[] sorted;
  private final int count;

  /** The first {@code count} values of {@code nanos}, which this sorts in place. */
  Percentiles(long[] nanos, int count) {
    Arrays.sort(nanos, 0, count);
    this.sorted = nanos;
    this.count = count;
  }

  int count() {
    return count;
  }

  /** The {@code p} percentile (0 to 1) in milliseconds; NaN when nothing was recorded. */
  double millis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    return sorted[Math.max(0, Math.min(count - 1, (int) Math.ceil(p * count) - 1))] / 1e6;
  }
}
