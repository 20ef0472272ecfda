package io.parley.it.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ItEnvironment;
import io.parley.it.ParleyIT;
import io.parley.it.ServedCertificate;
import jakarta.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** §5 certificates: the HTTPS identity (default and uploaded) and the webhook CA bundle. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificatesIT extends ParleyIT {

  private final ApiClient admin = new ApiClient().asAdmin();

  private ApiClient.Response postPem(String path, String pem) {
    return admin.send("POST", path, pem, Map.of("Content-Type", "text/plain"));
  }

  private static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static X509Certificate served() throws Exception {
    return ServedCertificate.leaf("127.0.0.1", ItEnvironment.httpsPort());
  }

  @Test
  @Order(1)
  void defaultCertificateChainsToTheCaTheApiServes() throws Exception {
    ApiClient.Response ca = admin.get("/v1/certificates/external/ca");

    assertEquals(200, ca.status(), ca.text());
    assertTrue(ca.text().startsWith("-----BEGIN CERTIFICATE-----"), ca.text());
    X509Certificate caCertificate = parse(ca.text());
    served().verify(caCertificate.getPublicKey());
    assertTrue(caCertificate.getBasicConstraints() >= 0);
  }

  @Test
  @Order(2)
  void uploadedCertificateIsServedAtOnce() throws Exception {
    TestCertificates.Issued ca = TestCertificates.ca("CN=Uploaded Test CA");
    TestCertificates.Issued leaf =
        TestCertificates.leaf(ca, Instant.now().plus(Duration.ofDays(10)));

    ApiClient.Response upload =
        postPem(
            "/v1/certificates/external",
            TestCertificates.pem(leaf.keys().getPrivate(), leaf.certificate(), ca.certificate()));

    assertEquals(201, upload.status(), upload.text());
    assertEquals(leaf.certificate(), served());
    assertEquals(ca.certificate(), parse(admin.get("/v1/certificates/external/ca").text()));
  }

  @Test
  @Order(3)
  void uploadedPrivateKeyIsStoredSealed() throws Exception {
    try (Connection root = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        Statement sql = root.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT name, pem FROM `" + ItEnvironment.database() + "`.stored_certificate")) {
      int keys = 0;
      while (rows.next()) {
        String pem = rows.getString("pem");
        assertTrue(!pem.contains("PRIVATE KEY"), rows.getString("name") + " holds a clear key");
        if (rows.getString("name").endsWith(".key")) {
          keys++;
          assertTrue(pem.startsWith("enc:v1:"), rows.getString("name"));
        }
      }
      assertEquals(2, keys, "the self-signed and the uploaded key");
    }
  }

  @Test
  void emptyUploadIs1009() {
    ApiClient.Response response = postPem("/v1/certificates/external", "");

    assertEquals(400, response.status(), response.text());
    assertEquals(1009, response.errorCode());
  }

  @Test
  void garbageIs1009() {
    ApiClient.Response response =
        postPem(
            "/v1/certificates/external",
            "-----BEGIN CERTIFICATE-----\nAAAA not a cert\n-----END CERTIFICATE-----\n");

    assertEquals(400, response.status(), response.text());
    assertEquals(1009, response.errorCode());
  }

  @Test
  void uploadWithoutKeyIs1009() throws Exception {
    TestCertificates.Issued ca = TestCertificates.ca("CN=No Key CA");
    TestCertificates.Issued leaf =
        TestCertificates.leaf(ca, Instant.now().plus(Duration.ofDays(10)));

    ApiClient.Response response =
        postPem(
            "/v1/certificates/external",
            TestCertificates.pem(leaf.certificate(), ca.certificate()));

    assertEquals(1009, response.errorCode());
  }

  @Test
  void uploadWithoutCaIs1009() throws Exception {
    TestCertificates.Issued ca = TestCertificates.ca("CN=Missing CA");
    TestCertificates.Issued leaf =
        TestCertificates.leaf(ca, Instant.now().plus(Duration.ofDays(10)));

    ApiClient.Response response =
        postPem(
            "/v1/certificates/external",
            TestCertificates.pem(leaf.keys().getPrivate(), leaf.certificate()));

    assertEquals(1009, response.errorCode());
  }

  @Test
  void keyOfAnotherCertificateIs1009() throws Exception {
    TestCertificates.Issued ca = TestCertificates.ca("CN=Mismatch CA");
    TestCertificates.Issued leaf =
        TestCertificates.leaf(ca, Instant.now().plus(Duration.ofDays(10)));

    ApiClient.Response response =
        postPem(
            "/v1/certificates/external",
            TestCertificates.pem(
                TestCertificates.keys().getPrivate(), leaf.certificate(), ca.certificate()));

    assertEquals(400, response.status());
    assertEquals(1009, response.errorCode());
  }

  @Test
  void certificateNotSignedByTheGivenCaIs1009AndChangesNothing() throws Exception {
    X509Certificate servedBefore = served();
    TestCertificates.Issued realCa = TestCertificates.ca("CN=Real CA");
    TestCertificates.Issued otherCa = TestCertificates.ca("CN=Other CA");
    TestCertificates.Issued leaf =
        TestCertificates.leaf(realCa, Instant.now().plus(Duration.ofDays(10)));

    ApiClient.Response response =
        postPem(
            "/v1/certificates/external",
            TestCertificates.pem(
                leaf.keys().getPrivate(), leaf.certificate(), otherCa.certificate()));

    assertEquals(400, response.status(), response.text());
    assertEquals(1009, response.errorCode());
    assertEquals(servedBefore, served());
  }

  @Test
  void expiredCertificateIs1009() throws Exception {
    TestCertificates.Issued ca = TestCertificates.ca("CN=Expired CA");
    TestCertificates.Issued leaf =
        TestCertificates.leaf(ca, Instant.now().minus(Duration.ofDays(1)));

    ApiClient.Response response =
        postPem(
            "/v1/certificates/external",
            TestCertificates.pem(leaf.keys().getPrivate(), leaf.certificate(), ca.certificate()));

    assertEquals(1009, response.errorCode());
  }

  @Test
  void userCannotUploadButCanReadTheCa() {
    String name = "cert-user-" + System.nanoTime() % 100000;
    admin.post(
        "/v1/users",
        Json.createObjectBuilder().add("username", name).add("password", "User-Passw0rd!").build());
    ApiClient.Response login = new ApiClient().login(name, "User-Passw0rd!", null);
    ApiClient user =
        new ApiClient()
            .withToken(login.json().getJsonArray("users").getJsonObject(0).getString("token"));

    ApiClient.Response upload =
        user.send("POST", "/v1/certificates/external", "x", Map.of("Content-Type", "text/plain"));

    assertEquals(403, upload.status());
    assertEquals(200, user.get("/v1/certificates/external/ca").status());
    assertEquals(403, user.get("/v1/certificates/webhooks/ca").status());
  }

  @Test
  void webhookCaLifecycle() throws Exception {
    assertEquals(404, admin.get("/v1/certificates/webhooks/ca").status());
    assertEquals(1006, admin.get("/v1/certificates/webhooks/ca").errorCode());
    TestCertificates.Issued ca = TestCertificates.ca("CN=Webhook CA");

    ApiClient.Response upload =
        postPem("/v1/certificates/webhooks/ca", TestCertificates.pem(ca.certificate()));

    assertEquals(201, upload.status(), upload.text());
    ApiClient.Response read = admin.get("/v1/certificates/webhooks/ca");
    assertEquals(200, read.status());
    assertEquals(ca.certificate(), parse(read.text()));
    assertEquals(200, admin.delete("/v1/certificates/webhooks/ca").status());
    assertEquals(404, admin.get("/v1/certificates/webhooks/ca").status());
  }

  @Test
  void webhookBundleOfANonCaCertificateIs1009() throws Exception {
    TestCertificates.Issued ca = TestCertificates.ca("CN=Bundle CA");
    TestCertificates.Issued leaf =
        TestCertificates.leaf(ca, Instant.now().plus(Duration.ofDays(10)));

    ApiClient.Response response =
        postPem("/v1/certificates/webhooks/ca", TestCertificates.pem(leaf.certificate()));

    assertEquals(400, response.status());
    assertEquals(1009, response.errorCode());
    assertEquals(1009, postPem("/v1/certificates/webhooks/ca", "").errorCode());
  }
}
