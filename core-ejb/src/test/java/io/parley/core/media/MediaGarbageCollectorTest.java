package io.parley.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.config.ParleyConfig;
import io.parley.core.settings.ApplicationSettings;
import io.parley.core.settings.ApplicationSettingsSchema;
import io.parley.core.settings.SettingsService;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When the media garbage collector runs and what it asks for: the cutoff the retention gives, batch
 * after batch while they come back full, the counters, and the setting that turns the timed runs
 * on. Which media a batch deletes is {@link MediaServiceTest}'s.
 */
class MediaGarbageCollectorTest {

  private static final long NOW = 1_700_000_000_000L;

  /** A batch that fails. */
  private static final MediaService.Collected FAILS = new MediaService.Collected(-1, -1, false);

  /** Answers the batches it is given, in order, and records the cutoffs asked for. */
  private static final class Batches extends MediaService {
    final Deque<Collected> answers = new ArrayDeque<>();
    final List<Long> cutoffs = new ArrayList<>();

    @Override
    public Collected collect(long cutoff, int limit) {
      cutoffs.add(cutoff);
      if (answers.isEmpty()) {
        return new Collected(0, 0, false);
      }
      Collected next = answers.pop();
      if (next == FAILS) {
        throw new IllegalStateException("the media store is gone");
      }
      return next;
    }
  }

  private static final class Settings extends SettingsService {
    boolean mediaGc;

    @Override
    public ApplicationSettings application() {
      return ApplicationSettingsSchema.resolve(
          Map.of("garbagecollector_enable.media", mediaGc ? JsonValue.TRUE : JsonValue.FALSE));
    }
  }

  private final Batches batches = new Batches();
  private final Settings settings = new Settings();
  private final MediaGarbageCollector collector = new MediaGarbageCollector();

  MediaGarbageCollectorTest() {
    collector.media = batches;
    collector.settings = settings;
    collector.clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    collector.config =
        new ParleyConfig() {
          @Override
          public Duration mediaRetention() {
            return Duration.ofHours(2);
          }
        };
  }

  @Test
  void aRunCollectsWhatWasLastUsedBeforeNowLessTheRetention() {
    collector.collect();

    assertEquals(List.of(NOW - 2 * 3600 * 1000), batches.cutoffs);
  }

  @Test
  void aRunTakesBatchesWhileTheyComeBackFullAndAddsThemUp() {
    batches.answers.add(new MediaService.Collected(100, 1000, true));
    batches.answers.add(new MediaService.Collected(98, 500, true));
    batches.answers.add(new MediaService.Collected(3, 30, false));

    MediaGarbageCollector.Run run = collector.collect();

    assertEquals(new MediaGarbageCollector.Run(201, 1530), run);
    assertEquals(3, batches.cutoffs.size());
  }

  @Test
  void theCountersAddUpRunsFilesAndBytesAndTheLastRunsTime() {
    batches.answers.add(new MediaService.Collected(2, 20, false));
    collector.collect();
    batches.answers.add(new MediaService.Collected(1, 5, false));
    collector.collect();

    assertEquals(new MediaGarbageCollector.Totals(2, 3, 25, NOW), collector.totals());
  }

  @Test
  void aFailingBatchEndsTheRunButWhatWasDeletedIsCounted() {
    batches.answers.add(new MediaService.Collected(100, 700, true));
    batches.answers.add(FAILS);

    assertThrows(IllegalStateException.class, collector::collect);

    assertEquals(new MediaGarbageCollector.Totals(0, 100, 700, 0), collector.totals());
  }

  @Test
  void theTimerCollectsNothingWhileTheSettingIsOff() {
    settings.mediaGc = false;

    collector.tick();

    assertTrue(batches.cutoffs.isEmpty());
    assertEquals(0, collector.totals().runs());
  }

  @Test
  void theTimerCollectsWhileTheSettingIsOn() {
    settings.mediaGc = true;

    collector.tick();

    assertEquals(1, batches.cutoffs.size());
    assertEquals(1, collector.totals().runs());
  }

  @Test
  void aFailedTimedRunIsLoggedNotThrown() {
    settings.mediaGc = true;
    batches.answers.add(FAILS);

    collector.tick();

    assertEquals(0, collector.totals().runs());
  }
}
