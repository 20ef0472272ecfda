package io.parley.it.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** §1: the fresh install's admin/secret and its forced password change. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstLoginIT extends ParleyIT {

  private final ApiClient api = new ApiClient();

  @Test
  @Order(1)
  void defaultPasswordWithoutNewPasswordIsRefusedWith1024() {
    ApiClient.Response response = api.login("admin", "secret", null);

    assertEquals(401, response.status(), response.text());
    assertEquals(1024, response.errorCode());
  }

  @Test
  @Order(2)
  void newPasswordBreakingThePolicyIsRefusedWith1009() {
    ApiClient.Response response = api.login("admin", "secret", "weakpassword");

    assertEquals(400, response.status(), response.text());
    assertEquals(1009, response.errorCode());
  }

  @Test
  @Order(3)
  void defaultPasswordWithNewPasswordGivesASevenDayToken() {
    ApiClient.Response response = api.login("admin", "secret", ApiClient.ADMIN_PASSWORD);

    assertEquals(200, response.status(), response.text());
    JsonObject user = response.json().getJsonArray("users").getJsonObject(0);
    assertTrue(user.getString("token").length() >= 32);
    OffsetDateTime expires =
        OffsetDateTime.parse(
            user.getString("expires_after"), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx"));
    Duration lifetime = Duration.between(OffsetDateTime.now(), expires);
    assertTrue(
        lifetime.compareTo(Duration.ofDays(7).minusMinutes(5)) > 0
            && lifetime.compareTo(Duration.ofDays(7).plusMinutes(5)) < 0,
        "lifetime " + lifetime);
  }

  @Test
  @Order(4)
  void oldDefaultPasswordNoLongerWorks() {
    ApiClient.Response response = api.login("admin", "secret", null);

    assertEquals(401, response.status());
    assertEquals(1005, response.errorCode());
  }

  @Test
  @Order(5)
  void tokenOfTheNewPasswordOpensAdminEndpoints() {
    api.asAdmin();

    ApiClient.Response response = api.get("/v1/health");

    assertEquals(200, response.status(), response.text());
  }
}
