package io.parley.core.settings;

import java.util.List;
import java.util.Optional;

/**
 * The application settings of {@code /v1/settings/application} as other features read them: an
 * immutable snapshot with every default applied. Obtain it from {@link
 * SettingsService#application()}.
 */
public record ApplicationSettings(
    boolean callbackPersist,
    long callbackBackoffDelayMs,
    long maxCallbackBackoffDelayMs,
    Media media,
    boolean passThrough,
    boolean sentStatus,
    int heartbeatInterval,
    int unhealthyInterval,
    Webhooks webhooks,
    Optional<String> onCallPager,
    boolean dbGarbageCollectorEnable,
    GarbageCollector garbageCollector,
    boolean notifyUserChangeNumber,
    boolean showSecurityNotifications,
    boolean axolotlContextStripingDisabled,
    boolean verboseLogging,
    String logLevel) {

  /**
   * {@code media}: the media types downloaded automatically on arrival, in canonical order, and
   * (Parley's addition) the restricted addresses and hosts media links may reach anyway.
   */
  public record Media(List<String> autoDownload, List<String> linkAllowlist) {
    public Media {
      autoDownload = List.copyOf(autoDownload);
      linkAllowlist = List.copyOf(linkAllowlist);
    }
  }

  /**
   * {@code webhooks}: where callbacks go, how many run at once, which statuses are sent, and the
   * optional secret callbacks are signed with (never shown by the API).
   */
  public record Webhooks(
      Optional<String> url,
      int maxConcurrentRequests,
      MessageStatuses message,
      Optional<String> signingSecret) {}

  /** {@code webhooks.message}: which message statuses produce a callback. */
  public record MessageStatuses(boolean sent, boolean delivered, boolean read) {}

  /** {@code garbagecollector_enable}: which stored data the garbage collector removes. */
  public record GarbageCollector(boolean messages, boolean media) {}
}
