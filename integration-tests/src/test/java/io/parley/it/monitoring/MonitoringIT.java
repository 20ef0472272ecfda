package io.parley.it.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** §7: health, stats, metrics and support, with the monitoring API key and with users. */
class MonitoringIT extends ParleyIT {

  private static final Map<String, String> API_KEY =
      Map.of("Authorization", "Apikey parley-it-monitoring-key");

  private final ApiClient api = new ApiClient();

  private ApiClient.Response withKey(String path) {
    return api.send("GET", path, null, API_KEY);
  }

  @Test
  void healthWithABearerTokenIsUnregisteredBeforeRegistration() {
    ApiClient.Response response = new ApiClient().asAdmin().get("/v1/health");

    assertEquals(200, response.status(), response.text());
    assertEquals(
        "unregistered", response.json().getJsonObject("health").getString("gateway_status"));
  }

  @Test
  void monitoringEndpointsAcceptTheApiKey() {
    for (String path : new String[] {"/v1/health", "/v1/stats/app", "/v1/stats/db", "/metrics"}) {
      assertEquals(200, withKey(path).status(), path);
    }
  }

  @Test
  void monitoringEndpointsRefuseAnonymousCallers() {
    for (String path : new String[] {"/v1/stats/app", "/v1/stats/db", "/metrics", "/v1/support"}) {
      ApiClient.Response response = api.get(path);
      assertEquals(401, response.status(), path);
      assertEquals(1005, response.errorCode(), path);
    }
  }

  @Test
  void supportIsForUsersNotForTheApiKey() {
    ApiClient.Response response = withKey("/v1/support");

    assertEquals(403, response.status());
    assertEquals(1005, response.errorCode());
  }

  @Test
  void supportReportsTheNodeAndItsDatabaseWithoutSecrets() {
    ApiClient.Response response = new ApiClient().asAdmin().get("/v1/support");

    assertEquals(200, response.status(), response.text());
    JsonObject support = response.json().getJsonObject("support");
    JsonObject node = support.getJsonObject(support.keySet().iterator().next());
    assertTrue(node.getJsonObject("database").getBoolean("reachable"), response.text());
    assertEquals("unregistered", node.getString("gateway_status"));
    String text = response.text().toLowerCase();
    assertFalse(
        text.contains("password") || text.contains("secret") || text.contains("token"), text);
  }

  @Test
  void requestCountsRiseWithRequests() {
    long before = healthCount();

    withKey("/v1/health");
    withKey("/v1/health");

    assertEquals(before + 2, healthCount());
  }

  @Test
  void metricsAreInPrometheusTextFormat() {
    ApiClient.Response response = withKey("/metrics");

    assertTrue(
        response.header("Content-Type").startsWith("text/plain"), response.header("Content-Type"));
    assertTrue(
        response.text().contains("# TYPE api_requests_duration_ms_count counter"), response.text());
    assertTrue(response.text().contains("# TYPE web_uptime gauge"), response.text());
    assertTrue(response.text().contains("node=\""), response.text());
  }

  @Test
  void metricsAsJsonOnRequest() {
    ApiClient.Response response = withKey("/metrics?format=json");

    assertEquals(200, response.status());
    assertEquals(
        "gauge",
        response.json().getJsonObject("metrics").getJsonObject("web_uptime").getString("type"));
  }

  @Test
  void appStatsHaveTheOnPremShape() {
    withKey("/v1/health");

    JsonObject app = withKey("/v1/stats/app").json().getJsonObject("stats").getJsonObject("app");

    JsonObject requests = app.getJsonObject("api_requests_duration_ms_count");
    assertEquals("counter", requests.getString("type"));
    assertFalse(requests.getString("help").isBlank());
    JsonValue first = requests.getJsonArray("data").get(0);
    assertTrue(first.asJsonObject().containsKey("labels"));
    assertTrue(first.asJsonObject().containsKey("value"));
  }

  @Test
  void databaseStatsCountRows() {
    ApiClient admin = new ApiClient().asAdmin();
    long before = userRows();

    admin.post(
        "/v1/users",
        Json.createObjectBuilder()
            .add("username", "stats-" + System.nanoTime() % 100000)
            .add("password", "Stats-Passw0rd!")
            .build());

    assertEquals(before + 1, userRows());
  }

  @Test
  void statsInPrometheusFormatOnRequest() {
    ApiClient.Response response = withKey("/v1/stats/db?format=prometheus");

    assertTrue(response.text().contains("db_rows{"), response.text());
  }

  private long healthCount() {
    String metrics = withKey("/metrics").text();
    Matcher m =
        Pattern.compile(
                "api_requests_duration_ms_count\\{method=\"GET_v1_health\",node=\"[^\"]*\",result=\"success\"\\} (\\d+)")
            .matcher(metrics);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private long userRows() {
    JsonObject db = withKey("/v1/stats/db").json().getJsonObject("stats").getJsonObject("db");
    return db.getJsonObject("db_rows").getJsonArray("data").stream()
        .map(JsonValue::asJsonObject)
        .filter(s -> s.getJsonObject("labels").getString("table").equals("app_user"))
        .mapToLong(s -> s.getJsonNumber("value").longValue())
        .findFirst()
        .orElseThrow();
  }
}
