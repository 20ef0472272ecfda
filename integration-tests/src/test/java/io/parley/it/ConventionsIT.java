package io.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** §0 conventions: envelope, meta, error mapping, request ids. */
class ConventionsIT extends ParleyIT {

  private final ApiClient api = new ApiClient();

  @Test
  void unknownPathIsNotFoundWithCode1006AndMeta() {
    ApiClient.Response response = api.get("/v1/no/such/thing");

    assertEquals(404, response.status());
    assertEquals(1006, response.errorCode());
    assertEquals("stable", response.json().getJsonObject("meta").getString("api_status"));
  }

  @Test
  void missingCredentialsAre401With1005() {
    ApiClient.Response response = api.get("/v1/health");

    assertEquals(401, response.status());
    assertEquals(1005, response.errorCode());
  }

  @Test
  void aRequestBodyOver10MbIs400With1009() {
    byte[] body = new byte[10 * 1024 * 1024 + 1];
    java.util.Arrays.fill(body, (byte) ' ');

    ApiClient.Response response =
        api.sendBytes("POST", "/v1/users/login", body, Map.of("Content-Type", "application/json"));

    assertEquals(400, response.status());
    assertEquals(1009, response.errorCode());
  }

  @Test
  void requestIdIsEchoed() {
    ApiClient.Response response =
        api.send("GET", "/v1/health", null, Map.of("X-Request-ID", "trace-abc-123"));

    assertEquals("trace-abc-123", response.header("X-Request-ID"));
  }

  @Test
  void requestIdMarksTheLogLinesOfItsRequest() throws Exception {
    String id = "audit-" + System.nanoTime();
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString(
                "nobody:Wrong-Passw0rd!".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    api.send(
        "POST",
        "/v1/users/login",
        null,
        Map.of("Authorization", "Basic " + basic, "X-Request-ID", id));

    String log =
        java.nio.file.Files.readString(
            ItEnvironment.wildflyDir().toPath().resolve("standalone/log/parley.log"));
    assertTrue(
        log.lines()
            .anyMatch(line -> line.contains("[" + id + "]") && line.contains("Failed login")),
        "no line of request " + id);
  }

  @Test
  void unsafeRequestIdIsReplaced() {
    ApiClient.Response response =
        api.send("GET", "/v1/health", null, Map.of("X-Request-ID", "a b<script>"));

    assertFalse(response.header("X-Request-ID").contains("<"), response.header("X-Request-ID"));
  }

  @Test
  void requestIdIsGeneratedWhenAbsent() {
    ApiClient.Response response = api.get("/v1/nowhere");

    assertNotNull(response.header("X-Request-ID"));
    assertFalse(response.header("X-Request-ID").isBlank());
  }

  @Test
  void apiKeyReadsHealthOfAnUnregisteredNode() {
    ApiClient.Response response =
        api.send(
            "GET", "/v1/health", null, Map.of("Authorization", "Apikey parley-it-monitoring-key"));

    assertEquals(200, response.status(), response.text());
    assertEquals(
        "unregistered", response.json().getJsonObject("health").getString("gateway_status"));
    assertTrue(response.json().containsKey("meta"));
  }

  @Test
  void wrongApiKeyIs401() {
    ApiClient.Response response =
        api.send("GET", "/v1/health", null, Map.of("Authorization", "Apikey not-the-right-key"));

    assertEquals(401, response.status());
    assertEquals(1005, response.errorCode());
  }

  @Test
  void unparsableJsonIs400With1025() {
    ApiClient.Response response =
        api.send(
            "POST",
            "/v1/users/login",
            "{\"new_password\": ",
            Map.of("Authorization", basicAdmin(), "Content-Type", "application/json"));

    assertEquals(400, response.status(), response.text());
    assertEquals(1025, response.errorCode());
    assertFalse(response.text().contains("at io.parley"), "no stack trace in " + response.text());
  }

  @Test
  void jsonOfTheWrongShapeIs400With1025() {
    ApiClient.Response response =
        api.send(
            "POST",
            "/v1/users/login",
            "[1, 2, 3]",
            Map.of("Authorization", basicAdmin(), "Content-Type", "application/json"));

    assertEquals(400, response.status(), response.text());
    assertEquals(1025, response.errorCode());
  }

  @Test
  void wrongContentTypeIs400With1025() {
    ApiClient.Response response =
        api.send(
            "POST",
            "/v1/users/login",
            "new_password=x",
            Map.of(
                "Authorization",
                basicAdmin(),
                "Content-Type",
                "application/x-www-form-urlencoded"));

    assertEquals(400, response.status(), response.text());
    assertEquals(1025, response.errorCode());
  }

  @Test
  void errorsCarryMetaAndTitle() {
    ApiClient.Response response = api.get("/v1/health");

    assertEquals(
        "Access denied",
        response.json().getJsonArray("errors").getJsonObject(0).getString("title"));
    assertEquals("stable", response.json().getJsonObject("meta").getString("api_status"));
    assertTrue(response.json().getJsonObject("meta").getString("version").startsWith("v2."));
  }

  @Test
  void plainHttpIsRefusedUnlessEnabled() throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:"
                                + (8080 + ItEnvironment.portOffset())
                                + "/v1/health"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

    assertEquals(403, response.statusCode(), response.body());
    assertTrue(response.body().contains("\"code\":1005"), response.body());
  }

  private static String basicAdmin() {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString("admin:secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
