package io.parley.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplicationSettingsSchemaTest {

  @Test
  void nothingStoredGivesTheDocumentedDefaults() {
    ApplicationSettings settings = ApplicationSettingsSchema.resolve(Map.of());

    assertTrue(settings.callbackPersist());
    assertEquals(3000, settings.callbackBackoffDelayMs());
    assertEquals(900000, settings.maxCallbackBackoffDelayMs());
    assertEquals(List.of(), settings.media().autoDownload());
    assertFalse(settings.passThrough());
    assertFalse(settings.sentStatus());
    assertEquals(5, settings.heartbeatInterval());
    assertEquals(30, settings.unhealthyInterval());
    assertEquals(Optional.empty(), settings.webhooks().url());
    assertEquals(6, settings.webhooks().maxConcurrentRequests());
    assertEquals(
        new ApplicationSettings.MessageStatuses(true, true, false), settings.webhooks().message());
    assertEquals(Optional.empty(), settings.webhooks().signingSecret());
    assertEquals(Optional.empty(), settings.onCallPager());
    assertTrue(settings.dbGarbageCollectorEnable());
    assertEquals(
        new ApplicationSettings.GarbageCollector(true, false), settings.garbageCollector());
    assertTrue(settings.notifyUserChangeNumber());
    assertTrue(settings.showSecurityNotifications());
    assertFalse(settings.axolotlContextStripingDisabled());
    assertFalse(settings.verboseLogging());
    assertEquals("info", settings.logLevel());
  }

  @Test
  void patchOfANestedFieldMergesIntoTheStoredValues() {
    Map<String, JsonValue> stored = new HashMap<>();
    stored.put("webhooks.url", Json.createValue("https://hooks.example.com/in"));
    stored.put("webhooks.max_concurrent_requests", Json.createValue(12));

    Map<String, JsonValue> changes =
        ApplicationSettingsSchema.parsePatch(json("{\"webhooks\":{\"message\":{\"read\":true}}}"));
    stored.putAll(changes);
    ApplicationSettings settings = ApplicationSettingsSchema.resolve(stored);

    assertEquals(Map.of("webhooks.message.read", JsonValue.TRUE), changes);
    assertEquals(Optional.of("https://hooks.example.com/in"), settings.webhooks().url());
    assertEquals(12, settings.webhooks().maxConcurrentRequests());
    assertTrue(settings.webhooks().message().read());
    assertTrue(settings.webhooks().message().sent());
  }

  @Test
  void backoffDelayIsAcceptedAsStringOrNumber() {
    Map<String, JsonValue> fromString =
        ApplicationSettingsSchema.parsePatch(json("{\"callback_backoff_delay_ms\":\"4500\"}"));
    Map<String, JsonValue> fromNumber =
        ApplicationSettingsSchema.parsePatch(json("{\"callback_backoff_delay_ms\":4500}"));

    assertEquals(Json.createValue(4500L), fromString.get("callback_backoff_delay_ms"));
    assertEquals(fromString, fromNumber);
  }

  @Test
  void unknownFieldsAndWaIdAreIgnoredBesideAValidOne() {
    Map<String, JsonValue> changes =
        ApplicationSettingsSchema.parsePatch(
            json("{\"no_such_thing\":1,\"wa_id\":\"15550001\",\"sent_status\":true}"));

    assertEquals(Map.of("sent_status", JsonValue.TRUE), changes);
  }

  @Test
  void onlyUnknownFieldsAreNoValidParameters() {
    ApiException failure =
        assertInvalid("{\"no_such_thing\":1,\"wa_id\":\"15550001\",\"webhooks\":{\"x\":1}}");

    assertEquals("No valid parameters provided", failure.details());
  }

  @Test
  void emptyBodyIsNoValidParameters() {
    assertInvalid("{}");
  }

  @Test
  void httpWebhookUrlIsInvalidAndNamesTheParameter() {
    ApiException failure = assertInvalid("{\"webhooks\":{\"url\":\"http://hooks.example.com\"}}");

    assertTrue(failure.details().contains("'webhooks.url'"), failure.details());
  }

  @Test
  void emptyWebhookUrlDeletesIt() {
    Map<String, JsonValue> changes =
        ApplicationSettingsSchema.parsePatch(json("{\"webhooks\":{\"url\":\"\"}}"));

    assertEquals(JsonValue.NULL, changes.get("webhooks.url"));
  }

  @Test
  void maxConcurrentRequestsOutsideTheSetIsInvalid() {
    assertInvalid("{\"webhooks\":{\"max_concurrent_requests\":7}}");
  }

  @Test
  void maxConcurrentRequestsInTheSetIsAccepted() {
    Map<String, JsonValue> changes =
        ApplicationSettingsSchema.parsePatch(
            json("{\"webhooks\":{\"max_concurrent_requests\":24}}"));

    assertEquals(Json.createValue(24L), changes.get("webhooks.max_concurrent_requests"));
  }

  @Test
  void autoDownloadIsNormalisedToTheCanonicalOrderWithoutRepeats() {
    Map<String, JsonValue> changes =
        ApplicationSettingsSchema.parsePatch(
            json("{\"media\":{\"auto_download\":[\"video\",\"image\",\"video\"]}}"));

    assertEquals(
        List.of("image", "video"),
        ApplicationSettingsSchema.resolve(changes).media().autoDownload());
  }

  @Test
  void autoDownloadWithAnUnknownTypeIsInvalid() {
    assertInvalid("{\"media\":{\"auto_download\":[\"image\",\"hologram\"]}}");
  }

  @Test
  void theLinkAllowListIsEmptyByDefault() {
    assertEquals(List.of(), ApplicationSettingsSchema.resolve(Map.of()).media().linkAllowlist());
  }

  @Test
  void theLinkAllowListIsNormalisedWithoutRepeatsInTheOrderGiven() {
    Map<String, JsonValue> changes =
        ApplicationSettingsSchema.parsePatch(
            json(
                "{\"media\":{\"link_allowlist\":[\"Media.Internal\",\"10.1.2.3/8\","
                    + "\"127.0.0.1\",\"10.0.0.0/8\",\"fd00::/8\"]}}"));

    assertEquals(
        List.of("media.internal", "10.0.0.0/8", "127.0.0.1/32", "fd00:0:0:0:0:0:0:0/8"),
        ApplicationSettingsSchema.resolve(changes).media().linkAllowlist());
  }

  @Test
  void aLinkAllowListPatchLeavesAutoDownloadAsItWas() {
    Map<String, JsonValue> stored =
        new HashMap<>(
            ApplicationSettingsSchema.parsePatch(
                json("{\"media\":{\"auto_download\":[\"image\"]}}")));
    stored.putAll(
        ApplicationSettingsSchema.parsePatch(
            json("{\"media\":{\"link_allowlist\":[\"127.0.0.1\"]}}")));

    ApplicationSettings.Media media = ApplicationSettingsSchema.resolve(stored).media();

    assertEquals(List.of("image"), media.autoDownload());
    assertEquals(List.of("127.0.0.1/32"), media.linkAllowlist());
  }

  @Test
  void aLinkAllowListEntryThatIsNoBlockAddressOrHostIsInvalid() {
    ApiException failure = assertInvalid("{\"media\":{\"link_allowlist\":[\"10.0.0.0/40\"]}}");

    assertTrue(failure.details().contains("media.link_allowlist"), failure.details());
    assertInvalid("{\"media\":{\"link_allowlist\":[\"http://x.org\"]}}");
    assertInvalid("{\"media\":{\"link_allowlist\":[7]}}");
    assertInvalid("{\"media\":{\"link_allowlist\":\"127.0.0.1\"}}");
  }

  @Test
  void passThroughCannotBeEnabled() {
    assertInvalid("{\"pass_through\":true}");
  }

  @Test
  void passThroughFalseIsAccepted() {
    assertEquals(
        Map.of("pass_through", JsonValue.FALSE),
        ApplicationSettingsSchema.parsePatch(json("{\"pass_through\":false}")));
  }

  @Test
  void nonPositiveIntervalIsInvalid() {
    assertInvalid("{\"heartbeat_interval\":0}");
  }

  @Test
  void unhealthyIntervalNotAboveHeartbeatBreaksConsistency() {
    ApplicationSettings settings =
        ApplicationSettingsSchema.resolve(
            ApplicationSettingsSchema.parsePatch(
                json("{\"heartbeat_interval\":30,\"unhealthy_interval\":30}")));

    ApiException failure =
        assertThrows(ApiException.class, () -> ApplicationSettingsSchema.checkConsistent(settings));
    assertEquals(ErrorCode.INVALID_PARAMETER, failure.errorCode());
  }

  @Test
  void logLevelOutsideTheSetIsInvalid() {
    assertInvalid("{\"log_level\":\"chatty\"}");
  }

  @Test
  void booleanGivenAsStringIsInvalid() {
    assertInvalid("{\"callback_persist\":\"yes\"}");
  }

  @Test
  void nestedObjectGivenAsScalarIsInvalid() {
    assertInvalid("{\"webhooks\":\"https://hooks.example.com\"}");
  }

  @Test
  void nullResetsAWholeNestedObject() {
    Map<String, JsonValue> changes =
        ApplicationSettingsSchema.parsePatch(json("{\"webhooks\":{\"message\":null}}"));

    assertEquals(
        Map.of(
            "webhooks.message.sent", JsonValue.NULL,
            "webhooks.message.delivered", JsonValue.NULL,
            "webhooks.message.read", JsonValue.NULL),
        changes);
  }

  @Test
  void shortSigningSecretIsInvalidWithoutEchoingIt() {
    ApiException failure = assertInvalid("{\"webhooks\":{\"signing_secret\":\"tooShort99\"}}");

    assertFalse(failure.details().contains("tooShort99"), failure.details());
  }

  @Test
  void signingSecretIsKeptForOtherFeatures() {
    ApplicationSettings settings =
        ApplicationSettingsSchema.resolve(
            ApplicationSettingsSchema.parsePatch(
                json("{\"webhooks\":{\"signing_secret\":\"0123456789abcdef-secret\"}}")));

    assertEquals(Optional.of("0123456789abcdef-secret"), settings.webhooks().signingSecret());
  }

  @Test
  void storedValueThatNoLongerValidatesFallsBackToTheDefault() {
    ApplicationSettings settings =
        ApplicationSettingsSchema.resolve(
            Map.of("webhooks.max_concurrent_requests", Json.createValue(5)));

    assertEquals(6, settings.webhooks().maxConcurrentRequests());
  }

  private static ApiException assertInvalid(String body) {
    ApiException failure =
        assertThrows(ApiException.class, () -> ApplicationSettingsSchema.parsePatch(json(body)));
    assertEquals(ErrorCode.INVALID_PARAMETER, failure.errorCode());
    return failure;
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
