package io.parley.core.metrics;

import java.util.List;
import java.util.Map;

/**
 * One metric in the on-prem stats shape: a name, a type ({@code gauge} or {@code counter}), a help
 * text and its samples, each a set of labels with a value.
 */
public record Metric(String name, Type type, String help, List<Sample> samples) {

  public enum Type {
    GAUGE,
    COUNTER;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }
  }

  public Metric {
    samples = List.copyOf(samples);
  }

  public static Metric gauge(String name, String help, double value) {
    return new Metric(name, Type.GAUGE, help, List.of(new Sample(Map.of(), value)));
  }

  public static Metric counter(String name, String help, double value) {
    return new Metric(name, Type.COUNTER, help, List.of(new Sample(Map.of(), value)));
  }
}
