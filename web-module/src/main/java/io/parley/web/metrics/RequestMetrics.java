package io.parley.web.metrics;

import io.parley.core.metrics.Metric;
import io.parley.core.metrics.MetricSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests served by this node, per endpoint and result: counts and summed durations, in the
 * on-prem names ({@code api_requests_duration_ms_sum/_count{method="POST_v1_users_login",
 * result="success"}}), plus requests in flight.
 */
@ApplicationScoped
public class RequestMetrics implements MetricSource {

  private record Key(String endpoint, String result, String status) {}

  private static final class Totals {
    final LongAdder count = new LongAdder();
    final LongAdder micros = new LongAdder();
  }

  private final Map<Key, Totals> totals = new ConcurrentHashMap<>();
  private final AtomicLong active = new AtomicLong();

  void started() {
    active.incrementAndGet();
  }

  void finished(String endpoint, int status, long nanos) {
    active.decrementAndGet();
    String result = status < 400 ? "success" : "failure";
    Totals t =
        totals.computeIfAbsent(new Key(endpoint, result, status / 100 + "xx"), k -> new Totals());
    t.count.increment();
    t.micros.add(nanos / 1000);
  }

  @Override
  public Scope scope() {
    return Scope.APP;
  }

  @Override
  public List<Metric> metrics() {
    List<Metric.Sample> counts = new ArrayList<>();
    List<Metric.Sample> sums = new ArrayList<>();
    List<Metric.Sample> perStatus = new ArrayList<>();
    Map<String, Long> byStatus = new java.util.TreeMap<>();
    totals.forEach(
        (key, t) -> {
          Map<String, String> labels = Map.of("method", key.endpoint(), "result", key.result());
          counts.add(new Metric.Sample(labels, t.count.sum()));
          sums.add(new Metric.Sample(labels, t.micros.sum() / 1000.0));
          byStatus.merge(key.status(), t.count.sum(), Long::sum);
        });
    byStatus.forEach(
        (status, count) -> perStatus.add(new Metric.Sample(Map.of("state", status), count)));
    return List.of(
        new Metric(
            "api_requests_duration_ms_count",
            Metric.Type.COUNTER,
            "Requests served, per endpoint and result",
            merge(counts)),
        new Metric(
            "api_requests_duration_ms_sum",
            Metric.Type.COUNTER,
            "Milliseconds spent serving requests, per endpoint and result",
            merge(sums)),
        new Metric(
            "web_requests", Metric.Type.COUNTER, "Requests served, per status class", perStatus),
        Metric.gauge("web_active_requests", "Requests being served now", active.get()));
  }

  /** One sample per label set (several status classes can share endpoint and result). */
  private static List<Metric.Sample> merge(List<Metric.Sample> samples) {
    Map<Map<String, String>, Double> merged = new java.util.LinkedHashMap<>();
    samples.forEach(s -> merged.merge(s.labels(), s.value(), Double::sum));
    List<Metric.Sample> result = new ArrayList<>();
    merged.forEach((labels, value) -> result.add(new Metric.Sample(labels, value)));
    return result;
  }
}
