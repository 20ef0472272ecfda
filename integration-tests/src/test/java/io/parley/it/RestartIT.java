package io.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.it.certificates.TestCertificates;
import jakarta.json.Json;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole-server restart (the JVM killed with {@code kill -9} and started again) keeps what the API
 * was told: users, their passwords and tokens, settings, and the uploaded HTTPS certificate.
 */
class RestartIT {

  private static StandaloneServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        new StandaloneServer(
                "restart", ItEnvironment.portOffset() + 50, ItEnvironment.database() + "_restart")
            .prepare();
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void usersAndCertificateSurviveAKilledServer() throws Exception {
    ApiClient api = new ApiClient(server.baseUrl()).asAdmin();
    ApiClient.Response patch =
        api.patch(
            "/v1/settings/application",
            Json.createObjectBuilder().add("callback_backoff_delay_ms", 4321).build());
    assertEquals(200, patch.status(), patch.text());
    int port = 8443 + ItEnvironment.portOffset() + 50;
    TestCertificates.Issued ca = TestCertificates.ca("CN=Restart CA");
    TestCertificates.Issued leaf =
        TestCertificates.leaf(ca, Instant.now().plus(Duration.ofDays(5)));
    ApiClient.Response upload =
        api.send(
            "POST",
            "/v1/certificates/external",
            TestCertificates.pem(leaf.keys().getPrivate(), leaf.certificate(), ca.certificate()),
            Map.of("Content-Type", "text/plain"));
    assertEquals(201, upload.status(), upload.text());
    X509Certificate before = ServedCertificate.leaf("127.0.0.1", port);
    assertEquals(leaf.certificate(), before);

    server.kill();
    server.start();

    ApiClient.Response login =
        new ApiClient(server.baseUrl()).login("admin", ApiClient.ADMIN_PASSWORD, null);
    assertEquals(200, login.status(), login.text());
    assertEquals(401, new ApiClient(server.baseUrl()).login("admin", "secret", null).status());
    X509Certificate after = ServedCertificate.leaf("127.0.0.1", port);
    assertEquals(before, after);
    assertEquals(200, api.get("/v1/health").status(), "a token issued before the restart");
    ApiClient.Response settings = api.get("/v1/settings/application");
    assertEquals(
        4321,
        settings
            .json()
            .getJsonObject("settings")
            .getJsonObject("application")
            .getJsonNumber("callback_backoff_delay_ms")
            .intValue(),
        settings.text());
  }
}
