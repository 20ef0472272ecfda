package io.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.parley.it.certificates.TestCertificates;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Passwords, tokens, private keys and media provider secrets that pass through the API,
 * successfully or in failed requests, appear neither in responses nor in the server's logs.
 */
class NoSecretsInLogsIT extends ParleyIT {

  @Test
  void secretsNeverReachLogsOrResponses() throws Exception {
    ApiClient admin = new ApiClient().asAdmin();
    String token =
        new ApiClient()
            .login("admin", ApiClient.ADMIN_PASSWORD, null)
            .json()
            .getJsonArray("users")
            .getJsonObject(0)
            .getString("token");
    String userPassword = "Unique-Secret-Pw-" + System.nanoTime() % 10000 + "!";
    String weakPassword = "weak-unique-secret-" + System.nanoTime() % 10000;
    String backupPassword = "Backup-Secret-" + System.nanoTime() % 10000;
    TestCertificates.Issued ca = TestCertificates.ca("CN=Log CA");
    TestCertificates.Issued leaf =
        TestCertificates.leaf(ca, Instant.now().plus(Duration.ofDays(3)));
    String keyPem = TestCertificates.pem(leaf.keys().getPrivate());
    String keyBody = keyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    String providerToken = "Provider-Token-" + System.nanoTime() % 10000;
    String providerPassword = "Provider-Pw-" + System.nanoTime() % 10000;

    List<ApiClient.Response> responses =
        List.of(
            admin.post(
                "/v1/users",
                Json.createObjectBuilder()
                    .add("username", "log-user")
                    .add("password", userPassword)
                    .build()),
            admin.post(
                "/v1/users",
                Json.createObjectBuilder()
                    .add("username", "log-weak")
                    .add("password", weakPassword)
                    .build()),
            new ApiClient().login("log-user", weakPassword, null),
            admin.post(
                "/v1/settings/backup",
                Json.createObjectBuilder().add("password", backupPassword).build()),
            admin.send(
                "POST",
                "/v1/certificates/external",
                keyPem + TestCertificates.pem(leaf.certificate(), ca.certificate()),
                Map.of("Content-Type", "text/plain")),
            admin.send(
                "POST", "/v1/certificates/external", keyPem, Map.of("Content-Type", "text/plain")),
            new ApiClient().withToken(token + "x").get("/v1/health"),
            admin.post(
                "/v1/settings/application/media/providers",
                providers(providerToken, providerPassword, "www")),
            admin.post(
                "/v1/settings/application/media/providers",
                providers(providerToken, providerPassword, "ftp")),
            admin.get("/v1/settings/application/media/providers"));
    assertEquals(201, responses.get(0).status(), responses.get(0).text());
    assertEquals(200, responses.get(7).status(), responses.get(7).text());

    List<String> secrets =
        List.of(
            userPassword,
            weakPassword,
            backupPassword,
            ApiClient.ADMIN_PASSWORD,
            token,
            keyBody,
            providerToken,
            providerPassword,
            Base64.getEncoder()
                .encodeToString(
                    ("admin:" + ApiClient.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    for (ApiClient.Response response : responses) {
      for (String secret : secrets) {
        assertFalse(response.text().contains(secret), "response " + response);
      }
    }
    Path logs = ItEnvironment.wildflyDir().toPath().resolve("standalone/log");
    for (String file : List.of("server.log", "parley.log")) {
      String log = Files.readString(logs.resolve(file), StandardCharsets.UTF_8);
      for (String secret : secrets) {
        assertFalse(log.contains(secret), file + " holds a secret");
      }
    }
  }

  /** A POST body of two media providers, one with a bearer token and one with basic credentials. */
  private static JsonArray providers(String token, String password, String type) {
    return Json.createArrayBuilder()
        .add(
            Json.createObjectBuilder()
                .add("name", "log-bearer")
                .add("type", type)
                .add("config", Json.createObjectBuilder().add("bearer", token)))
        .add(
            Json.createObjectBuilder()
                .add("name", "log-basic")
                .add("type", type)
                .add(
                    "config",
                    Json.createObjectBuilder()
                        .add(
                            "basic",
                            Json.createObjectBuilder()
                                .add("username", "log-user")
                                .add("password", password))))
        .build();
  }
}
