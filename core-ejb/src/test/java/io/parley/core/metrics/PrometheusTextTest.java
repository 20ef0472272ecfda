package io.parley.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void rendersHelpTypeAndSortedLabelsWithTheExtraOnes() {
    Metric metric =
        new Metric(
            "requests",
            Metric.Type.COUNTER,
            "Requests served",
            List.of(new Metric.Sample(Map.of("result", "success", "method", "GET_v1_health"), 3)));

    String text = PrometheusText.render(List.of(metric), Map.of("node", "n1"));

    assertEquals(
        "# HELP requests Requests served\n"
            + "# TYPE requests counter\n"
            + "requests{method=\"GET_v1_health\",node=\"n1\",result=\"success\"} 3\n",
        text);
  }

  @Test
  void escapesLabelValuesAndKeepsFractions() {
    Metric metric =
        new Metric(
            "latency",
            Metric.Type.GAUGE,
            "Line one\nline two",
            List.of(new Metric.Sample(Map.of("path", "a\"b\\c"), 1.5)));

    String text = PrometheusText.render(List.of(metric), Map.of());

    assertEquals(
        "# HELP latency Line one\\nline two\n"
            + "# TYPE latency gauge\n"
            + "latency{path=\"a\\\"b\\\\c\"} 1.5\n",
        text);
  }
}
