package io.parley.web.metrics;

import io.parley.core.metrics.MetricSource.Scope;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code /metrics}: the node's metrics in Prometheus text format, or the on-prem JSON shape with
 * {@code ?format=json}. Open to the monitoring API key.
 */
@Path("metrics")
@Requires(Role.API)
public class MetricsResource {

  @Inject MetricsCollector collector;

  @GET
  public Response metrics(@QueryParam("format") String format) {
    if ("json".equals(format)) {
      return Envelope.ok("metrics", collector.json(Scope.APP));
    }
    return collector.prometheusResponse(Scope.APP);
  }
}
