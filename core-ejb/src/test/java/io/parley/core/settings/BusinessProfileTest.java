package io.parley.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessProfileTest {

  private static final BusinessProfile CURRENT =
      new BusinessProfile(
          "1 Main St",
          "We sell things",
          "shop@example.com",
          "Retail",
          List.of("https://a.example"));

  @Test
  void givenFieldsAreReplacedAndOthersKept() {
    BusinessProfile updated =
        CURRENT.merge(Json.createObjectBuilder().add("description", "New text").build());

    assertEquals("New text", updated.description());
    assertEquals("1 Main St", updated.address());
    assertEquals(List.of("https://a.example"), updated.websites());
  }

  @Test
  void addressOfExactly256CharactersIsAccepted() {
    BusinessProfile updated =
        CURRENT.merge(Json.createObjectBuilder().add("address", "a".repeat(256)).build());

    assertEquals(256, updated.address().length());
  }

  @Test
  void addressOver256CharactersIsInvalid() {
    assertInvalid(Json.createObjectBuilder().add("address", "a".repeat(257)).build());
  }

  @Test
  void emailOver128CharactersIsInvalid() {
    assertInvalid(
        Json.createObjectBuilder().add("email", "a".repeat(120) + "@example.com").build());
  }

  @Test
  void verticalOver128CharactersIsInvalid() {
    assertInvalid(Json.createObjectBuilder().add("vertical", "v".repeat(129)).build());
  }

  @Test
  void threeWebsitesAreInvalid() {
    assertInvalid(
        Json.createObjectBuilder()
            .add(
                "websites",
                Json.createArrayBuilder()
                    .add("https://a.example")
                    .add("https://b.example")
                    .add("https://c.example"))
            .build());
  }

  @Test
  void websiteOver256CharactersIsInvalid() {
    assertInvalid(
        Json.createObjectBuilder()
            .add("websites", Json.createArrayBuilder().add("https://" + "w".repeat(250) + ".com"))
            .build());
  }

  @Test
  void bodyWithoutAnyProfileFieldIsInvalid() {
    ApiException failure = assertInvalid(Json.createObjectBuilder().add("colour", "red").build());

    assertEquals("No valid parameters provided", failure.details());
  }

  private static ApiException assertInvalid(JsonObject body) {
    ApiException failure = assertThrows(ApiException.class, () -> CURRENT.merge(body));
    assertEquals(ErrorCode.INVALID_PARAMETER, failure.errorCode());
    return failure;
  }
}
