package io.parley.it.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.it.ApiClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/** Helpers of the settings tests: JSON bodies from text, and error assertions. */
final class Bodies {

  private Bodies() {}

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** Asserts the status and on-prem error code of a failed response. */
  static void assertError(int status, int code, ApiClient.Response response) {
    assertEquals(status, response.status(), response.text());
    assertEquals(code, response.errorCode(), response.text());
  }

  /** Asserts a 200 whose body holds only {@code meta}. */
  static void assertMetaOnly(ApiClient.Response response) {
    assertEquals(200, response.status(), response.text());
    assertEquals(java.util.Set.of("meta"), response.json().keySet(), response.text());
  }
}
