package io.parley.web.metrics;

import io.parley.core.config.ParleyConfig;
import io.parley.core.json.Jsons;
import io.parley.core.metrics.Metric;
import io.parley.core.metrics.MetricSource;
import io.parley.core.metrics.PrometheusText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Gathers the metrics of every {@link MetricSource} of a scope and renders them. */
@ApplicationScoped
public class MetricsCollector {

  @Inject Instance<MetricSource> sources;
  @Inject ParleyConfig config;

  public List<Metric> collect(MetricSource.Scope scope) {
    List<Metric> metrics = new ArrayList<>();
    for (MetricSource source : sources) {
      if (source.scope() == scope) {
        metrics.addAll(source.metrics());
      }
    }
    return metrics;
  }

  public String prometheus(MetricSource.Scope scope) {
    return PrometheusText.render(collect(scope), Map.of("node", config.nodeName()));
  }

  public Response prometheusResponse(MetricSource.Scope scope) {
    return Response.ok(prometheus(scope)).type(PrometheusText.CONTENT_TYPE).build();
  }

  /** {@code {"<metric>":{"type","help","data":[{"labels","value"}]}}}, the on-prem stats shape. */
  public JsonObject json(MetricSource.Scope scope) {
    JsonObjectBuilder all = Jsons.createObjectBuilder();
    for (Metric metric : collect(scope)) {
      JsonArrayBuilder data = Jsons.createArrayBuilder();
      for (Metric.Sample sample : metric.samples()) {
        JsonObjectBuilder labels = Jsons.createObjectBuilder();
        sample.labels().forEach(labels::add);
        labels.add("node", config.nodeName());
        data.add(Jsons.createObjectBuilder().add("labels", labels).add("value", sample.value()));
      }
      all.add(
          metric.name(),
          Jsons.createObjectBuilder()
              .add("type", metric.type().wireName())
              .add("help", metric.help())
              .add("data", data));
    }
    return all.build();
  }
}
