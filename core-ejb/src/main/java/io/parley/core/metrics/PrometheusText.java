package io.parley.core.metrics;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Renders metrics in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {

  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  /** Every metric, with {@code extraLabels} (for example the node name) added to each sample. */
  public static String render(Collection<Metric> metrics, Map<String, String> extraLabels) {
    StringBuilder out = new StringBuilder();
    for (Metric metric : metrics) {
      out.append("# HELP ").append(metric.name()).append(' ').append(escapeHelp(metric.help()));
      out.append('\n');
      out.append("# TYPE ").append(metric.name()).append(' ').append(metric.type().wireName());
      out.append('\n');
      for (Metric.Sample sample : metric.samples()) {
        Map<String, String> labels = new TreeMap<>(sample.labels());
        labels.putAll(extraLabels);
        out.append(metric.name());
        if (!labels.isEmpty()) {
          out.append('{');
          boolean first = true;
          for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) {
              out.append(',');
            }
            first = false;
            out.append(label.getKey()).append("=\"").append(escapeValue(label.getValue()));
            out.append('"');
          }
          out.append('}');
        }
        out.append(' ').append(format(sample.value())).append('\n');
      }
    }
    return out.toString();
  }

  private static String format(double value) {
    if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String escapeValue(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"");
  }
}
