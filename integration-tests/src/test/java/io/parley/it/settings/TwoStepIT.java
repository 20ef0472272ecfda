package io.parley.it.settings;

import static io.parley.it.settings.Bodies.assertError;
import static io.parley.it.settings.Bodies.assertMetaOnly;
import static io.parley.it.settings.Bodies.json;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ItEnvironment;
import io.parley.it.ParleyIT;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** §6 two-step verification PIN: set (stored only as a hash), validation, disable. */
class TwoStepIT extends ParleyIT {

  private static final String PATH = "/v1/settings/account/two-step";

  private final ApiClient admin = new ApiClient();

  @BeforeEach
  void logIn() {
    admin.asAdmin();
  }

  @Test
  void pinIsStoredOnlyAsAHash() throws Exception {
    assertMetaOnly(admin.post(PATH, json("{\"pin\":\"246813\"}")));

    String stored = storedPinHash().orElseThrow();
    assertFalse(stored.contains("246813"), stored);
    assertTrue(stored.contains("$argon2id$"), stored);
  }

  @Test
  void deleteDisablesTwoStep() throws Exception {
    admin.post(PATH, json("{\"pin\":\"135790\"}"));

    assertMetaOnly(admin.delete(PATH));

    assertTrue(storedPinHash().isEmpty());
  }

  @Test
  void pinThatIsNotSixDigitsIs1009() {
    for (String pin : new String[] {"12345", "1234567", "12a456", "", " 123456"}) {
      assertError(400, 1009, admin.post(PATH, json("{\"pin\":\"" + pin + "\"}")));
    }
    assertError(400, 1009, admin.post(PATH, json("{\"pin\":123456}")));
  }

  @Test
  void missingPinIs1008() {
    assertError(400, 1008, admin.post(PATH, json("{\"code\":\"123456\"}")));
  }

  @Test
  void missingTokenIs401() {
    assertError(401, 1005, new ApiClient().post(PATH, json("{\"pin\":\"123456\"}")));
  }

  @Test
  void nonAdminCallerIs403() {
    assertError(
        403,
        1005,
        new ApiClient()
            .send(
                "DELETE", PATH, null, Map.of("Authorization", "Apikey parley-it-monitoring-key")));
  }

  private static Optional<String> storedPinHash() throws Exception {
    try (Connection db = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        PreparedStatement query =
            db.prepareStatement(
                "SELECT setting_value FROM `"
                    + ItEnvironment.database()
                    + "`.app_setting WHERE name = 'account.two_step.pin_hash'");
        ResultSet row = query.executeQuery()) {
      return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
    }
  }
}
