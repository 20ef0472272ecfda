package io.parley.web.metrics;

import io.parley.core.json.Jsons;
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
 * {@code /v1/stats/app} and {@code /v1/stats/db}: the on-prem stats JSON, or Prometheus text with
 * {@code ?format=prometheus}. Open to the monitoring API key.
 */
@Path("v1/stats")
@Requires(Role.API)
public class StatsResource {

  @Inject MetricsCollector collector;

  @GET
  @Path("app")
  public Response app(@QueryParam("format") String format) {
    return stats("app", Scope.APP, "prometheus".equals(format));
  }

  @GET
  @Path("db")
  public Response db(@QueryParam("format") String format) {
    return stats("db", Scope.DB, "prometheus".equals(format));
  }

  private Response stats(String key, Scope scope, boolean prometheus) {
    if (prometheus) {
      return collector.prometheusResponse(scope);
    }
    return Envelope.ok(
        "stats", Jsons.createObjectBuilder().add(key, collector.json(scope)).build());
  }
}
