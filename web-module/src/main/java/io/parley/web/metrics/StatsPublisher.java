package io.parley.web.metrics;

import io.parley.core.cluster.ShardKeeper;
import io.parley.core.metrics.MetricSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Gives this node's {@code /v1/stats/app} to its heartbeat report, so that every node of a cluster
 * can answer {@code /v1/stats/app} for all of them.
 */
@ApplicationScoped
public class StatsPublisher {

  @Inject ShardKeeper keeper;
  @Inject MetricsCollector collector;

  void started(@Observes @Initialized(ApplicationScoped.class) Object context) {
    keeper.statsSource(() -> collector.json(MetricSource.Scope.APP).toString());
  }
}
