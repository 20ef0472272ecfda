package io.parley.core.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;

/** The node's process: uptime, heap and threads. */
@ApplicationScoped
public class JvmMetrics implements MetricSource {

  @Override
  public Scope scope() {
    return Scope.APP;
  }

  @Override
  public List<Metric> metrics() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return List.of(
        Metric.gauge(
            "web_uptime",
            "Seconds since the server process started",
            ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0),
        Metric.gauge("jvm_heap_used_bytes", "Heap in use", heap.getUsed()),
        Metric.gauge("jvm_heap_max_bytes", "Largest heap the JVM may use", heap.getMax()),
        Metric.gauge(
            "jvm_threads", "Live threads", ManagementFactory.getThreadMXBean().getThreadCount()));
  }
}
