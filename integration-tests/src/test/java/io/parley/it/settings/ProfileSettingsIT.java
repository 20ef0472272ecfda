package io.parley.it.settings;

import static io.parley.it.settings.Bodies.assertError;
import static io.parley.it.settings.Bodies.assertMetaOnly;
import static io.parley.it.settings.Bodies.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** §6 profile "about" text and business profile, with their limits. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProfileSettingsIT extends ParleyIT {

  private static final String ABOUT = "/v1/settings/profile/about";
  private static final String BUSINESS = "/v1/settings/business/profile";

  private final ApiClient admin = new ApiClient();

  @BeforeEach
  void logIn() {
    admin.asAdmin();
  }

  @Test
  void aboutTextIsStoredAndReadBack() {
    assertMetaOnly(admin.patch(ABOUT, json("{\"text\":\"Open 9 to 5, ask us anything\"}")));

    assertEquals("Open 9 to 5, ask us anything", about());
  }

  @Test
  void aboutOf139CharactersIsAccepted() {
    assertMetaOnly(
        admin.patch(ABOUT, Json.createObjectBuilder().add("text", "x".repeat(139)).build()));

    assertEquals("x".repeat(139), about());
  }

  @Test
  void aboutOf140CharactersIs1009AndKeepsTheOldText() {
    admin.patch(ABOUT, json("{\"text\":\"before\"}"));

    assertError(
        400,
        1009,
        admin.patch(ABOUT, Json.createObjectBuilder().add("text", "x".repeat(140)).build()));

    assertEquals("before", about());
  }

  @Test
  void aboutWithoutTextIs1008() {
    assertError(400, 1008, admin.patch(ABOUT, json("{\"words\":\"hello\"}")));
  }

  @Test
  void aboutTextThatIsNotAStringIs1009() {
    assertError(400, 1009, admin.patch(ABOUT, json("{\"text\":42}")));
  }

  @Test
  @Order(1)
  void businessProfileIsEmptyOnAFreshInstall() {
    assertEquals(
        json(
            "{\"address\":\"\",\"description\":\"\",\"email\":\"\",\"vertical\":\"\",\"websites\":[]}"),
        businessProfile());
  }

  @Test
  void businessProfilePostUpdatesTheGivenFields() {
    assertMetaOnly(
        admin.post(
            BUSINESS,
            json(
                "{\"address\":\"1 Main St\",\"description\":\"Bakery\",\"email\":\"hi@bakery.example\","
                    + "\"vertical\":\"Food\",\"websites\":[\"https://bakery.example\",\"https://shop.bakery.example\"]}")));
    assertMetaOnly(admin.post(BUSINESS, json("{\"description\":\"Bakery and cafe\"}")));

    JsonObject profile = businessProfile();
    assertEquals("1 Main St", profile.getString("address"));
    assertEquals("Bakery and cafe", profile.getString("description"));
    assertEquals("hi@bakery.example", profile.getString("email"));
    assertEquals("Food", profile.getString("vertical"));
    assertEquals(2, profile.getJsonArray("websites").size());
  }

  @Test
  void businessProfileOverItsLimitsIs1009AndChangesNothing() {
    JsonObject before = businessProfile();
    Map<String, JsonObject> cases =
        Map.of(
            "address", Json.createObjectBuilder().add("address", "a".repeat(257)).build(),
            "description", Json.createObjectBuilder().add("description", "d".repeat(257)).build(),
            "email",
                Json.createObjectBuilder().add("email", "e".repeat(120) + "@example.com").build(),
            "vertical", Json.createObjectBuilder().add("vertical", "v".repeat(129)).build(),
            "three websites",
                json(
                    "{\"websites\":[\"https://a.example\",\"https://b.example\",\"https://c.example\"]}"),
            "long website",
                Json.createObjectBuilder()
                    .add(
                        "websites",
                        Json.createArrayBuilder().add("https://" + "w".repeat(250) + ".example"))
                    .build());
    cases.forEach(
        (name, body) -> {
          ApiClient.Response response = admin.post(BUSINESS, body);
          assertEquals(400, response.status(), name + ": " + response.text());
          assertEquals(1009, response.errorCode(), name);
        });
    assertEquals(before, businessProfile());
  }

  @Test
  void businessProfileWithoutKnownFieldsIs1009() {
    assertError(400, 1009, admin.post(BUSINESS, json("{\"colour\":\"red\"}")));
  }

  @Test
  void missingTokenIs401() {
    assertError(401, 1005, new ApiClient().get(ABOUT));
    assertError(401, 1005, new ApiClient().get(BUSINESS));
  }

  @Test
  void nonAdminCallerIs403() {
    Map<String, String> apiKey = Map.of("Authorization", "Apikey parley-it-monitoring-key");

    assertError(403, 1005, new ApiClient().send("GET", ABOUT, null, apiKey));
    assertError(403, 1005, new ApiClient().send("GET", BUSINESS, null, apiKey));
  }

  private String about() {
    ApiClient.Response response = admin.get(ABOUT);
    assertEquals(200, response.status(), response.text());
    return response
        .json()
        .getJsonObject("settings")
        .getJsonObject("profile")
        .getJsonObject("about")
        .getString("text");
  }

  private JsonObject businessProfile() {
    ApiClient.Response response = admin.get(BUSINESS);
    assertEquals(200, response.status(), response.text());
    return response
        .json()
        .getJsonObject("settings")
        .getJsonObject("business")
        .getJsonObject("profile");
  }
}
