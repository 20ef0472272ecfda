package io.parley.web.settings;

import io.parley.core.json.Jsons;
import io.parley.core.settings.ApplicationSettings;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * The wire form of {@link ApplicationSettings} in {@code GET /v1/settings/application}: every
 * field, unset strings as {@code ""}, and the signing secret only as {@code signing_secret_set}.
 */
final class ApplicationSettingsJson {

  private ApplicationSettingsJson() {}

  static JsonObject of(ApplicationSettings s, Optional<String> waId) {
    ApplicationSettings.Webhooks webhooks = s.webhooks();
    return Jsons.createObjectBuilder()
        .add("callback_persist", s.callbackPersist())
        .add("callback_backoff_delay_ms", s.callbackBackoffDelayMs())
        .add("max_callback_backoff_delay_ms", s.maxCallbackBackoffDelayMs())
        .add(
            "media",
            Jsons.createObjectBuilder()
                .add("auto_download", Jsons.createArrayBuilder(s.media().autoDownload()))
                .add("link_allowlist", Jsons.createArrayBuilder(s.media().linkAllowlist())))
        .add("pass_through", s.passThrough())
        .add("sent_status", s.sentStatus())
        .add("heartbeat_interval", s.heartbeatInterval())
        .add("unhealthy_interval", s.unhealthyInterval())
        .add(
            "webhooks",
            Jsons.createObjectBuilder()
                .add("url", webhooks.url().orElse(""))
                .add("max_concurrent_requests", webhooks.maxConcurrentRequests())
                .add(
                    "message",
                    Jsons.createObjectBuilder()
                        .add("sent", webhooks.message().sent())
                        .add("delivered", webhooks.message().delivered())
                        .add("read", webhooks.message().read()))
                .add("signing_secret_set", webhooks.signingSecret().isPresent()))
        .add("on_call_pager", s.onCallPager().orElse(""))
        .add("db_garbagecollector_enable", s.dbGarbageCollectorEnable())
        .add(
            "garbagecollector_enable",
            Jsons.createObjectBuilder()
                .add("messages", s.garbageCollector().messages())
                .add("media", s.garbageCollector().media()))
        .add("notify_user_change_number", s.notifyUserChangeNumber())
        .add("show_security_notifications", s.showSecurityNotifications())
        .add("axolotl_context_striping_disabled", s.axolotlContextStripingDisabled())
        .add("verbose_logging", s.verboseLogging())
        .add("log_level", s.logLevel())
        .add("wa_id", waId.orElse(""))
        .build();
  }
}
