package io.parley.it.settings;

import static io.parley.it.settings.Bodies.assertError;
import static io.parley.it.settings.Bodies.assertMetaOnly;
import static io.parley.it.settings.Bodies.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** §6 {@code /v1/settings/application}: defaults, partial updates, validation, reset, access. */
class ApplicationSettingsIT extends ParleyIT {

  private static final String PATH = "/v1/settings/application";

  private final ApiClient admin = new ApiClient();

  @BeforeEach
  void resetToDefaults() {
    admin.asAdmin();
    assertMetaOnly(admin.delete(PATH));
  }

  @Test
  void freshSettingsShowEveryFieldWithItsDefault() {
    JsonObject application = application();

    assertTrue(application.getBoolean("callback_persist"));
    assertEquals(3000, application.getInt("callback_backoff_delay_ms"));
    assertEquals(900000, application.getInt("max_callback_backoff_delay_ms"));
    assertEquals(0, application.getJsonObject("media").getJsonArray("auto_download").size());
    assertFalse(application.getBoolean("pass_through"));
    assertFalse(application.getBoolean("sent_status"));
    assertEquals(5, application.getInt("heartbeat_interval"));
    assertEquals(30, application.getInt("unhealthy_interval"));
    JsonObject webhooks = application.getJsonObject("webhooks");
    assertEquals("", webhooks.getString("url"));
    assertEquals(6, webhooks.getInt("max_concurrent_requests"));
    assertEquals(
        json("{\"sent\":true,\"delivered\":true,\"read\":false}"),
        webhooks.getJsonObject("message"));
    assertFalse(webhooks.getBoolean("signing_secret_set"));
    assertEquals("", application.getString("on_call_pager"));
    assertTrue(application.getBoolean("db_garbagecollector_enable"));
    assertEquals(
        json("{\"messages\":true,\"media\":false}"),
        application.getJsonObject("garbagecollector_enable"));
    assertTrue(application.getBoolean("notify_user_change_number"));
    assertTrue(application.getBoolean("show_security_notifications"));
    assertFalse(application.getBoolean("axolotl_context_striping_disabled"));
    assertFalse(application.getBoolean("verbose_logging"));
    assertEquals("info", application.getString("log_level"));
    assertEquals("", application.getString("wa_id"));
  }

  @Test
  void patchChangesOnlyTheGivenFieldsAndAnswersMetaOnly() {
    assertMetaOnly(
        admin.patch(
            PATH,
            json(
                "{\"sent_status\":true,\"webhooks\":{\"url\":\"https://hooks.example.com/in\"}}")));

    JsonObject application = application();
    assertTrue(application.getBoolean("sent_status"));
    assertEquals(
        "https://hooks.example.com/in", application.getJsonObject("webhooks").getString("url"));
    assertTrue(application.getBoolean("callback_persist"));
    assertEquals(6, application.getJsonObject("webhooks").getInt("max_concurrent_requests"));
  }

  @Test
  void nestedObjectsMergeFieldByField() {
    admin.patch(PATH, json("{\"webhooks\":{\"url\":\"https://hooks.example.com/in\"}}"));

    assertMetaOnly(
        admin.patch(
            PATH,
            json("{\"webhooks\":{\"max_concurrent_requests\":18,\"message\":{\"read\":true}}}")));

    JsonObject webhooks = application().getJsonObject("webhooks");
    assertEquals("https://hooks.example.com/in", webhooks.getString("url"));
    assertEquals(18, webhooks.getInt("max_concurrent_requests"));
    assertEquals(
        json("{\"sent\":true,\"delivered\":true,\"read\":true}"),
        webhooks.getJsonObject("message"));
  }

  @Test
  void backoffDelayIsAcceptedAsAString() {
    assertMetaOnly(admin.patch(PATH, json("{\"callback_backoff_delay_ms\":\"4500\"}")));

    assertEquals(4500, application().getInt("callback_backoff_delay_ms"));
  }

  @Test
  void autoDownloadTakesASubsetOfTheMediaTypes() {
    assertMetaOnly(
        admin.patch(PATH, json("{\"media\":{\"auto_download\":[\"video\",\"image\"]}}")));

    assertEquals(
        List.of("image", "video"),
        application()
            .getJsonObject("media")
            .getJsonArray("auto_download")
            .getValuesAs(jakarta.json.JsonString::getString));
  }

  @Test
  void emptyWebhookUrlDeletesIt() {
    admin.patch(PATH, json("{\"webhooks\":{\"url\":\"https://hooks.example.com/in\"}}"));

    assertMetaOnly(admin.patch(PATH, json("{\"webhooks\":{\"url\":\"\"}}")));

    assertEquals("", application().getJsonObject("webhooks").getString("url"));
  }

  @Test
  void everyInvalidValueIs1009NamingTheParameter() {
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry("{\"webhooks\":{\"url\":\"http://hooks.example.com\"}}", "webhooks.url"),
            Map.entry("{\"webhooks\":{\"url\":\"not a url\"}}", "webhooks.url"),
            Map.entry(
                "{\"webhooks\":{\"max_concurrent_requests\":10}}",
                "webhooks.max_concurrent_requests"),
            Map.entry("{\"media\":{\"auto_download\":[\"image\",\"gif\"]}}", "media.auto_download"),
            Map.entry("{\"heartbeat_interval\":-1}", "heartbeat_interval"),
            Map.entry("{\"unhealthy_interval\":\"soon\"}", "unhealthy_interval"),
            Map.entry("{\"unhealthy_interval\":4}", "unhealthy_interval"),
            Map.entry("{\"log_level\":\"loud\"}", "log_level"),
            Map.entry("{\"pass_through\":true}", "pass_through"),
            Map.entry("{\"callback_persist\":\"yes\"}", "callback_persist"),
            Map.entry("{\"callback_backoff_delay_ms\":\"3s\"}", "callback_backoff_delay_ms"),
            Map.entry("{\"webhooks\":{\"message\":{\"read\":1}}}", "webhooks.message.read"));
    cases.forEach(
        (body, parameter) -> {
          ApiClient.Response response = admin.patch(PATH, json(body));
          assertError(400, 1009, response);
          String details =
              response.json().getJsonArray("errors").getJsonObject(0).getString("details");
          assertTrue(details.contains("'" + parameter + "'"), body + " -> " + details);
        });
  }

  @Test
  void refusedPatchChangesNothingEvenItsValidFields() {
    assertError(
        400,
        1009,
        admin.patch(
            PATH, json("{\"sent_status\":true,\"webhooks\":{\"max_concurrent_requests\":7}}")));

    assertFalse(application().getBoolean("sent_status"));
  }

  @Test
  void bodyWithOnlyUnknownFieldsIsNoValidParameters() {
    ApiClient.Response response = admin.patch(PATH, json("{\"colour\":\"blue\",\"wa_id\":\"1\"}"));

    assertError(400, 1009, response);
    assertEquals(
        "No valid parameters provided",
        response.json().getJsonArray("errors").getJsonObject(0).getString("details"));
  }

  @Test
  void emptyObjectIsNoValidParameters() {
    assertError(400, 1009, admin.patch(PATH, Json.createObjectBuilder().build()));
  }

  @Test
  void unknownFieldsBesideAValidOneAreIgnored() {
    assertMetaOnly(admin.patch(PATH, json("{\"colour\":\"blue\",\"verbose_logging\":true}")));

    JsonObject application = application();
    assertTrue(application.getBoolean("verbose_logging"));
    assertFalse(application.containsKey("colour"));
  }

  @Test
  void signingSecretIsWriteOnly() {
    String secret = "s3cret-for-signing-callbacks";

    assertMetaOnly(
        admin.patch(PATH, json("{\"webhooks\":{\"signing_secret\":\"" + secret + "\"}}")));

    ApiClient.Response response = admin.get(PATH);
    assertTrue(
        response
            .json()
            .getJsonObject("settings")
            .getJsonObject("application")
            .getJsonObject("webhooks")
            .getBoolean("signing_secret_set"));
    assertFalse(response.text().contains(secret));
  }

  @Test
  void deleteResetsEverythingToDefaults() {
    JsonObject defaults = application();
    admin.patch(
        PATH,
        json(
            "{\"sent_status\":true,\"log_level\":\"debug\",\"heartbeat_interval\":10,"
                + "\"webhooks\":{\"url\":\"https://hooks.example.com/in\"}}"));

    assertMetaOnly(admin.delete(PATH));

    assertEquals(defaults, application());
  }

  @Test
  void unparsableBodyIs1025() {
    assertError(
        400,
        1025,
        admin.send("PATCH", PATH, "{not json", Map.of("Content-Type", "application/json")));
  }

  @Test
  void missingTokenIs401() {
    assertError(401, 1005, new ApiClient().get(PATH));
  }

  @Test
  void nonAdminCallerIs403() {
    ApiClient monitoring = new ApiClient();

    ApiClient.Response response =
        monitoring.send(
            "GET", PATH, null, Map.of("Authorization", "Apikey parley-it-monitoring-key"));

    assertError(403, 1005, response);
  }

  private JsonObject application() {
    ApiClient.Response response = admin.get(PATH);
    assertEquals(200, response.status(), response.text());
    return response.json().getJsonObject("settings").getJsonObject("application");
  }
}
