package io.parley.it.settings;

import static io.parley.it.settings.Bodies.assertError;
import static io.parley.it.settings.Bodies.assertMetaOnly;
import static io.parley.it.settings.Bodies.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ItEnvironment;
import io.parley.it.ParleyIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** §6 backup and restore: the encrypted blob, a full round trip, and every refused restore. */
class BackupRestoreIT extends ParleyIT {

  private static final String APPLICATION = "/v1/settings/application";
  private static final String ABOUT = "/v1/settings/profile/about";
  private static final String PASSWORD = "backup-pass-phrase";

  private final ApiClient admin = new ApiClient();

  @BeforeEach
  void logIn() {
    admin.asAdmin();
  }

  @Test
  void backupIsAnOpaqueBase64Blob() {
    setAbout("visible only after decryption");

    ApiClient.Response response = admin.post("/v1/settings/backup", password(PASSWORD));

    assertEquals(200, response.status(), response.text());
    String data = response.json().getJsonObject("settings").getString("data");
    String decoded = new String(Base64.getDecoder().decode(data), StandardCharsets.ISO_8859_1);
    assertFalse(decoded.contains("visible only after decryption"));
    assertFalse(decoded.contains("argon2id"));
  }

  @Test
  void restoreAfterResetBringsTheSettingsBack() {
    admin.patch(
        APPLICATION,
        json(
            "{\"sent_status\":true,\"log_level\":\"warning\",\"webhooks\":{\"url\":\"https://hooks.example.com/in\"}}"));
    setAbout("Backed up about");
    admin.post("/v1/settings/business/profile", json("{\"vertical\":\"Retail\"}"));
    JsonObject before = application();
    String data = backup(PASSWORD);
    assertMetaOnly(admin.delete(APPLICATION));
    setAbout("Changed after the backup");

    assertMetaOnly(admin.post("/v1/settings/restore", restoreBody(PASSWORD, data)));

    assertEquals(before, application());
    assertEquals("Backed up about", about());
    assertEquals(
        "Retail",
        admin
            .get("/v1/settings/business/profile")
            .json()
            .getJsonObject("settings")
            .getJsonObject("business")
            .getJsonObject("profile")
            .getString("vertical"));
  }

  @Test
  void restoreReplacesTheUsersAndRevokesTheTokensOfRemovedOnes() throws Exception {
    String data = backup(PASSWORD);
    sql(
        "INSERT INTO app_user (username, password_hash, role, password_change_required, created_at)"
            + " VALUES ('ops', '$argon2id$not-a-real-hash', 'USER', FALSE, 1)");
    sql(
        "INSERT INTO auth_token (token_hash, user_id, created_at, expires_at) SELECT '"
            + "0".repeat(64)
            + "', id, 1, 9999999999999 FROM app_user WHERE username = 'ops'");

    assertMetaOnly(admin.post("/v1/settings/restore", restoreBody(PASSWORD, data)));

    assertEquals(0, count("SELECT COUNT(*) FROM app_user WHERE username = 'ops'"));
    assertEquals(
        0, count("SELECT COUNT(*) FROM auth_token WHERE token_hash = '" + "0".repeat(64) + "'"));
    assertEquals(200, admin.get(ABOUT).status(), "the admin's token survives its own restore");
  }

  @Test
  void wrongPasswordIs1009AndChangesNothing() {
    setAbout("At backup time");
    String data = backup(PASSWORD);
    setAbout("Current text");

    ApiClient.Response response =
        admin.post("/v1/settings/restore", restoreBody("not-the-password", data));

    assertError(400, 1009, response);
    assertTrue(details(response).contains("Wrong password"), details(response));
    assertEquals("Current text", about());
  }

  @Test
  void tamperedBlobIs1009AndChangesNothing() {
    setAbout("At backup time");
    byte[] blob = Base64.getDecoder().decode(backup(PASSWORD));
    setAbout("Current text");
    blob[blob.length / 2] ^= 0x10;

    assertError(
        400,
        1009,
        admin.post(
            "/v1/settings/restore",
            restoreBody(PASSWORD, Base64.getEncoder().encodeToString(blob))));

    assertEquals("Current text", about());
  }

  @Test
  void truncatedBlobIs1009() {
    byte[] blob = Base64.getDecoder().decode(backup(PASSWORD));
    byte[] truncated = Arrays.copyOf(blob, blob.length - 20);

    assertError(
        400,
        1009,
        admin.post(
            "/v1/settings/restore",
            restoreBody(PASSWORD, Base64.getEncoder().encodeToString(truncated))));
  }

  @Test
  void blobOfAnotherVersionIs1009SayingSo() {
    byte[] blob = Base64.getDecoder().decode(backup(PASSWORD));
    blob[4] = 9;

    ApiClient.Response response =
        admin.post(
            "/v1/settings/restore",
            restoreBody(PASSWORD, Base64.getEncoder().encodeToString(blob)));

    assertError(400, 1009, response);
    assertTrue(details(response).contains("version 9"), details(response));
  }

  @Test
  void dataThatIsNotBase64Is1009() {
    assertError(
        400, 1009, admin.post("/v1/settings/restore", restoreBody(PASSWORD, "%%% not base64 %%%")));
  }

  @Test
  void missingPasswordOrDataIs1008() {
    assertError(400, 1008, admin.post("/v1/settings/backup", json("{}")));
    assertError(400, 1008, admin.post("/v1/settings/restore", json("{\"data\":\"AAAA\"}")));
    assertError(400, 1008, admin.post("/v1/settings/restore", json("{\"password\":\"pw\"}")));
  }

  @Test
  void missingTokenIs401() {
    assertError(401, 1005, new ApiClient().post("/v1/settings/backup", password(PASSWORD)));
  }

  @Test
  void nonAdminCallerIs403() {
    assertError(
        403,
        1005,
        new ApiClient()
            .send(
                "POST",
                "/v1/settings/backup",
                password(PASSWORD).toString(),
                Map.of(
                    "Authorization",
                    "Apikey parley-it-monitoring-key",
                    "Content-Type",
                    "application/json")));
  }

  private String backup(String password) {
    ApiClient.Response response = admin.post("/v1/settings/backup", password(password));
    assertEquals(200, response.status(), response.text());
    return response.json().getJsonObject("settings").getString("data");
  }

  private static JsonObject password(String password) {
    return Json.createObjectBuilder().add("password", password).build();
  }

  private static JsonObject restoreBody(String password, String data) {
    return Json.createObjectBuilder().add("password", password).add("data", data).build();
  }

  private void setAbout(String text) {
    assertMetaOnly(admin.patch(ABOUT, Json.createObjectBuilder().add("text", text).build()));
  }

  private String about() {
    return admin
        .get(ABOUT)
        .json()
        .getJsonObject("settings")
        .getJsonObject("profile")
        .getJsonObject("about")
        .getString("text");
  }

  private JsonObject application() {
    ApiClient.Response response = admin.get(APPLICATION);
    assertEquals(200, response.status(), response.text());
    return response.json().getJsonObject("settings").getJsonObject("application");
  }

  private static String details(ApiClient.Response response) {
    return response.json().getJsonArray("errors").getJsonObject(0).getString("details");
  }

  private static void sql(String statement) throws Exception {
    try (Connection db = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        Statement sql = db.createStatement()) {
      sql.execute("USE `" + ItEnvironment.database() + "`");
      sql.execute(statement);
    }
  }

  private static long count(String query) throws Exception {
    try (Connection db = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        Statement sql = db.createStatement()) {
      sql.execute("USE `" + ItEnvironment.database() + "`");
      var rows = sql.executeQuery(query);
      rows.next();
      return rows.getLong(1);
    }
  }
}
