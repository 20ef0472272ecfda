package io.parley.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The sandbox's counters and gauges, rendered in the Prometheus text format for {@code /metrics}.
 */
final class Metrics {

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, String> help = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

  /** Adds one to the counter {@code name} with optional labels, e.g. {@code code="470"}. */
  void count(String name, String labels) {
    counters.computeIfAbsent(series(name, labels), key -> new LongAdder()).increment();
  }

  void count(String name) {
    count(name, "");
  }

  long value(String name, String labels) {
    LongAdder adder = counters.get(series(name, labels));
    return adder == null ? 0 : adder.sum();
  }

  void describe(String name, String text) {
    help.put(name, text);
  }

  void gauge(String name, String text, LongSupplier value) {
    help.put(name, text);
    gauges.put(name, value);
  }

  /** Every series in the Prometheus text exposition format. */
  String render() {
    Map<String, StringBuilder> families = new TreeMap<>();
    counters.forEach(
        (series, adder) -> {
          String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
          families
              .computeIfAbsent(name, key -> header(key, "counter"))
              .append(series)
              .append(' ')
              .append(adder.sum())
              .append('\n');
        });
    gauges.forEach(
        (name, value) ->
            families
                .computeIfAbsent(name, key -> header(key, "gauge"))
                .append(name)
                .append(' ')
                .append(value.getAsLong())
                .append('\n'));
    StringBuilder out = new StringBuilder();
    families.values().forEach(out::append);
    return out.toString();
  }

  private StringBuilder header(String name, String type) {
    return new StringBuilder()
        .append("# HELP ")
        .append(name)
        .append(' ')
        .append(help.getOrDefault(name, name))
        .append('\n')
        .append("# TYPE ")
        .append(name)
        .append(' ')
        .append(type)
        .append('\n');
  }

  private static String series(String name, String labels) {
    return labels.isEmpty() ? name : name + "{" + labels + "}";
  }
}
