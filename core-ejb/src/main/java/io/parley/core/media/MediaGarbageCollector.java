package io.parley.core.media;

import io.parley.core.config.ParleyConfig;
import io.parley.core.settings.SettingsService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The media garbage collector: deletes media not used (uploaded, downloaded, sent in a message) for
 * longer than the retention ({@code parley.media.retention-seconds}), file and row together, in
 * transactions of {@link #BATCH} media each ({@link MediaService#collect}). An EJB timer (not
 * persistent) runs it every {@code parley.media.gc-interval-seconds} while the application setting
 * {@code garbagecollector_enable.media} is on; {@code PUT /v1/services/media/gc} runs it at once.
 * The profile photo is never collected.
 *
 * <p>Each node runs its own timer; runs on several nodes, or a timed and a requested run on one,
 * may overlap safely, since every row is checked again under its lock. The counters are this node's
 * since it started.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MediaGarbageCollector {

  private static final Logger LOG = Logger.getLogger(MediaGarbageCollector.class);

  /** Media deleted per transaction: few enough that locks and staged deletions stay small. */
  static final int BATCH = 100;

  /** What one run deleted. */
  public record Run(long files, long bytes) {}

  /** The counters since the node started; {@code lastRunAt} is 0 before the first run. */
  public record Totals(long runs, long files, long bytes, long lastRunAt) {}

  @Resource TimerService timers;
  @EJB MediaService media;
  @EJB SettingsService settings;
  @Inject ParleyConfig config;

  Clock clock = Clock.systemUTC();

  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong lastRunAt = new AtomicLong();

  @PostConstruct
  void schedule() {
    long interval = config.mediaGcInterval().toMillis();
    timers.createIntervalTimer(interval, interval, new TimerConfig("media-gc", false));
  }

  /** The timer: a run if the setting is on; a failed run is logged and tried again next time. */
  @Timeout
  void tick() {
    try {
      if (settings.application().garbageCollector().media()) {
        collect();
      }
    } catch (RuntimeException e) {
      LOG.error("The media garbage collection failed; it runs again at the next interval", e);
    }
  }

  /**
   * Deletes every media unused for longer than the retention, a batch per transaction, and returns
   * what it deleted. A failing batch ends the run (what earlier batches deleted stays deleted).
   */
  public Run collect() {
    long now = clock.millis();
    long cutoff = now - config.mediaRetention().toMillis();
    long deletedFiles = 0;
    long deletedBytes = 0;
    MediaService.Collected batch;
    do {
      batch = media.collect(cutoff, BATCH);
      deletedFiles += batch.files();
      deletedBytes += batch.bytes();
      files.addAndGet(batch.files());
      bytes.addAndGet(batch.bytes());
    } while (batch.more());
    runs.incrementAndGet();
    lastRunAt.set(now);
    if (deletedFiles > 0) {
      LOG.infof(
          "Media garbage collection deleted %d files (%d bytes) unused since %d",
          deletedFiles, deletedBytes, cutoff);
    }
    return new Run(deletedFiles, deletedBytes);
  }

  public Totals totals() {
    return new Totals(runs.get(), files.get(), bytes.get(), lastRunAt.get());
  }
}
