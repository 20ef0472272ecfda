package io.parley.it.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** §1 users CRUD, logout and role enforcement. */
class UsersIT extends ParleyIT {

  private static final String PASSWORD = "User-Passw0rd!";

  private final ApiClient admin = new ApiClient().asAdmin();

  private static String newName() {
    return "user-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObject credentials(String username, String password) {
    return Json.createObjectBuilder().add("username", username).add("password", password).build();
  }

  private String createUser() {
    String name = newName();
    ApiClient.Response created = admin.post("/v1/users", credentials(name, PASSWORD));
    assertEquals(201, created.status(), created.text());
    return name;
  }

  private ApiClient loggedIn(String username) {
    ApiClient.Response login = new ApiClient().login(username, PASSWORD, null);
    assertEquals(200, login.status(), login.text());
    return new ApiClient()
        .withToken(login.json().getJsonArray("users").getJsonObject(0).getString("token"));
  }

  @Test
  void adminCreatesAUserWhoCanLogIn() {
    String name = newName();

    ApiClient.Response created = admin.post("/v1/users", credentials(name, PASSWORD));

    assertEquals(201, created.status(), created.text());
    assertEquals(name, created.json().getJsonArray("users").getJsonObject(0).getString("username"));
    assertEquals(200, new ApiClient().login(name, PASSWORD, null).status());
  }

  @Test
  void duplicateUsernameIs409With1004() {
    String name = createUser();

    ApiClient.Response again = admin.post("/v1/users", credentials(name, PASSWORD));

    assertEquals(409, again.status(), again.text());
    assertEquals(1004, again.errorCode());
  }

  @Test
  void missingFieldsAre1008() {
    ApiClient.Response noPassword =
        admin.post("/v1/users", Json.createObjectBuilder().add("username", newName()).build());
    ApiClient.Response noName =
        admin.post("/v1/users", Json.createObjectBuilder().add("password", PASSWORD).build());

    assertEquals(1008, noPassword.errorCode());
    assertEquals(400, noPassword.status());
    assertEquals(1008, noName.errorCode());
  }

  @Test
  void badUsernamesAre1009() {
    for (String bad : new String[] {"abc", "a".repeat(33), "with space", "_apiuser", "a/b/c/d"}) {
      ApiClient.Response response = admin.post("/v1/users", credentials(bad, PASSWORD));
      assertEquals(400, response.status(), bad + ": " + response.text());
      assertEquals(1009, response.errorCode(), bad);
    }
  }

  @Test
  void weakPasswordIs1009() {
    ApiClient.Response response = admin.post("/v1/users", credentials(newName(), "password"));

    assertEquals(400, response.status());
    assertEquals(1009, response.errorCode());
  }

  @Test
  void adminReadsAUserWithItsRole() {
    String name = createUser();

    ApiClient.Response response = admin.get("/v1/users/" + name);

    assertEquals(200, response.status(), response.text());
    JsonObject user = response.json().getJsonArray("users").getJsonObject(0);
    assertEquals(name, user.getString("username"));
    assertEquals("ROLE_USER", user.getString("ROLES"));
    assertEquals(
        "ROLE_ADMIN",
        admin
            .get("/v1/users/admin")
            .json()
            .getJsonArray("users")
            .getJsonObject(0)
            .getString("ROLES"));
  }

  @Test
  void unknownUserIs404With1006() {
    assertEquals(404, admin.get("/v1/users/nobody-here").status());
    assertEquals(1006, admin.get("/v1/users/nobody-here").errorCode());
    ApiClient.Response put =
        admin.put(
            "/v1/users/nobody-here", Json.createObjectBuilder().add("password", PASSWORD).build());
    assertEquals(404, put.status());
    assertEquals(404, admin.delete("/v1/users/nobody-here").status());
  }

  @Test
  void userReadsItselfButNotOthers() {
    String me = createUser();
    String other = createUser();
    ApiClient user = loggedIn(me);

    assertEquals(200, user.get("/v1/users/" + me).status());
    ApiClient.Response forbidden = user.get("/v1/users/" + other);
    assertEquals(403, forbidden.status());
    assertEquals(1005, forbidden.errorCode());
  }

  @Test
  void userChangesItsOwnPasswordButNotAnothers() {
    String me = createUser();
    String other = createUser();
    ApiClient user = loggedIn(me);

    ApiClient.Response own =
        user.put(
            "/v1/users/" + me,
            Json.createObjectBuilder().add("password", "Changed-Pass1!").build());
    ApiClient.Response others =
        user.put(
            "/v1/users/" + other,
            Json.createObjectBuilder().add("password", "Changed-Pass1!").build());

    assertEquals(200, own.status(), own.text());
    assertEquals(me, own.json().getJsonArray("users").getJsonObject(0).getString("username"));
    assertEquals(200, new ApiClient().login(me, "Changed-Pass1!", null).status());
    assertEquals(403, others.status());
    assertEquals(200, new ApiClient().login(other, PASSWORD, null).status());
  }

  @Test
  void passwordChangeKeepsThePolicy() {
    String me = createUser();

    ApiClient.Response response =
        admin.put("/v1/users/" + me, Json.createObjectBuilder().add("password", "short").build());

    assertEquals(400, response.status());
    assertEquals(1009, response.errorCode());
  }

  @Test
  void userCannotUseAdminEndpoints() {
    ApiClient user = loggedIn(createUser());

    ApiClient.Response create = user.post("/v1/users", credentials(newName(), PASSWORD));
    ApiClient.Response delete = user.delete("/v1/users/admin");
    ApiClient.Response settings = user.get("/v1/settings/application");

    assertEquals(403, create.status());
    assertEquals(1005, create.errorCode());
    assertEquals(403, delete.status());
    assertEquals(403, settings.status());
  }

  @Test
  void apiKeyCannotReachUsers() {
    ApiClient.Response response =
        new ApiClient()
            .send(
                "GET",
                "/v1/users/admin",
                null,
                Map.of("Authorization", "Apikey parley-it-monitoring-key"));

    assertEquals(403, response.status());
  }

  @Test
  void deletingAUserRevokesItsTokensAtOnce() {
    String name = createUser();
    ApiClient user = loggedIn(name);
    assertEquals(200, user.get("/v1/users/" + name).status());

    ApiClient.Response deleted = admin.delete("/v1/users/" + name);

    assertEquals(200, deleted.status(), deleted.text());
    assertEquals(name, deleted.json().getJsonArray("users").getJsonObject(0).getString("username"));
    assertEquals(401, user.get("/v1/users/" + name).status());
    assertEquals(401, new ApiClient().login(name, PASSWORD, null).status());
  }

  @Test
  void adminCannotBeDeleted() {
    ApiClient.Response response = admin.delete("/v1/users/admin");

    assertEquals(400, response.status());
    assertEquals(1009, response.errorCode());
  }

  @Test
  void logoutRevokesOnlyThatToken() {
    String name = createUser();
    ApiClient first = loggedIn(name);
    ApiClient second = loggedIn(name);

    ApiClient.Response logout = first.send("POST", "/v1/users/logout", null, Map.of());

    assertEquals(200, logout.status(), logout.text());
    assertEquals(java.util.Set.of("meta"), logout.json().keySet());
    assertEquals(401, first.get("/v1/users/" + name).status());
    assertEquals(200, second.get("/v1/users/" + name).status());
  }

  @Test
  void logoutWithoutTokenIs401() {
    assertEquals(401, new ApiClient().send("POST", "/v1/users/logout", null, Map.of()).status());
  }
}
