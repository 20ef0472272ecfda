package io.parley.web.metrics;

import io.parley.core.cluster.ClusterService;
import io.parley.core.cluster.ShardKeeper;
import io.parley.core.health.HealthService;
import io.parley.core.json.Jsons;
import io.parley.core.metrics.MetricSource.Scope;
import io.parley.persistence.cluster.ClusterNode;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import io.parley.web.security.Requires;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /v1/stats/app} and {@code /v1/stats/db}: the on-prem stats JSON, or Prometheus text with
 * {@code ?format=prometheus} (this node's, labelled with its name). Open to the monitoring API key.
 * In a cluster the JSON is keyed by node: {@code app} for every node listed in {@code /v1/health}
 * (the others' as of their last heartbeat, or {@code errors} when silent), {@code db} only under
 * this node (the database is shared, so every node would answer the same).
 */
@Path("v1/stats")
@Requires(Role.API)
public class StatsResource {

  @Inject MetricsCollector collector;
  @Inject ClusterService cluster;
  @Inject ShardKeeper keeper;
  @Inject HealthService health;

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
    JsonObject mine = Jsons.createObjectBuilder().add(key, collector.json(scope)).build();
    List<ClusterNode> others = cluster.others(keeper.nodeName());
    if (others.isEmpty()) {
      return Envelope.ok("stats", mine);
    }
    JsonObjectBuilder byNode = Jsons.createObjectBuilder().add(keeper.nodeName(), mine);
    if (scope == Scope.APP) {
      long silentBefore = System.currentTimeMillis() - health.unhealthyMillis();
      for (ClusterNode node : others) {
        byNode.add(
            node.getName(),
            node.getHeartbeatAt() < silentBefore || node.getStats() == null
                ? Jsons.createObjectBuilder().add("errors", HealthService.silent(node)).build()
                : Jsons.createObjectBuilder().add(key, Jsons.parseObject(node.getStats())).build());
      }
    }
    return Envelope.ok("stats", byNode.build());
  }
}
