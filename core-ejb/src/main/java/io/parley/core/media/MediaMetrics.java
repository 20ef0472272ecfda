package io.parley.core.media;

import io.parley.core.metrics.Metric;
import io.parley.core.metrics.MetricSource;
import io.parley.persistence.media.Media;
import io.parley.persistence.media.MediaRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The media store in {@code /v1/stats/db}: files and bytes stored, by origin (every origin, 0 when
 * it has none), and what this node's garbage collector ({@link MediaGarbageCollector}) deleted
 * since it started.
 */
@Stateless
public class MediaMetrics implements MetricSource {

  @Inject MediaRepository media;
  @EJB MediaGarbageCollector collector;

  @Override
  public Scope scope() {
    return Scope.DB;
  }

  @Override
  public List<Metric> metrics() {
    List<Metric.Sample> files = new ArrayList<>();
    List<Metric.Sample> bytes = new ArrayList<>();
    Map<Media.Origin, MediaRepository.Totals> stored = new EnumMap<>(Media.Origin.class);
    media.totals().forEach(totals -> stored.put(totals.origin(), totals));
    for (Media.Origin origin : Media.Origin.values()) {
      MediaRepository.Totals totals =
          stored.getOrDefault(origin, new MediaRepository.Totals(origin, 0, 0));
      Map<String, String> label = Map.of("origin", origin.name().toLowerCase(Locale.ROOT));
      files.add(new Metric.Sample(label, totals.files()));
      bytes.add(new Metric.Sample(label, totals.bytes()));
    }
    MediaGarbageCollector.Totals gc = collector.totals();
    return List.of(
        new Metric("db_media_files", Metric.Type.GAUGE, "Stored media files by origin", files),
        new Metric("db_media_bytes", Metric.Type.GAUGE, "Bytes of stored media by origin", bytes),
        Metric.counter("media_gc_runs", "Media garbage collection runs finished", gc.runs()),
        Metric.counter(
            "media_gc_deleted_files", "Media files the garbage collector deleted", gc.files()),
        Metric.counter(
            "media_gc_deleted_bytes", "Bytes of media the garbage collector deleted", gc.bytes()),
        Metric.gauge(
            "media_gc_last_run_seconds",
            "When the last media garbage collection run started, in seconds since the epoch (0:"
                + " none yet)",
            gc.lastRunAt() / 1000.0));
  }
}
