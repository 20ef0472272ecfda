package io.parley.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from Linux's {@code /proc}, in nanoseconds: of one process (user + system, all its
 * threads) and of the whole machine (every state but idle and iowait). Both count clock ticks of 10
 * ms.
 */
final class ProcCpu {

  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcCpu() {}

  /** CPU time {@code pid} has used so far; 0 once the process is gone. */
  static long process(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    } catch (IOException e) {
      return 0;
    }
  }

  /** CPU time all cores have spent busy since boot. */
  static long machine() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split(" +");
      long busy = 0;
      for (int i = 1; i < fields.length; i++) {
        // Fields: user nice system idle iowait irq softirq steal guest guest_nice; guest time is
        // already counted in user time.
        if (i != 4 && i != 5 && i < 9) {
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
