package io.parley.core.metrics;

import java.util.List;

/**
 * A bean that contributes metrics. Sources are collected by scope: {@link Scope#APP} feeds {@code
 * /v1/stats/app} and {@code /metrics}, {@link Scope#DB} feeds {@code /v1/stats/db}. A feature adds
 * its numbers by adding a bean that implements this interface.
 */
public interface MetricSource {

  enum Scope {
    APP,
    DB
  }

  Scope scope();

  List<Metric> metrics();
}
