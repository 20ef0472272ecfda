package io.parley.core.settings;

import io.parley.core.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Optional;

/** The JSON text form in which setting values are stored in {@code app_setting}. */
final class StoredJson {

  private StoredJson() {}

  /** The value of {@code text}, or empty when it is not JSON. */
  static Optional<JsonValue> read(String text) {
    try (JsonReader reader = Jsons.createReader(new StringReader(text))) {
      return Optional.of(reader.readValue());
    } catch (JsonException e) {
      return Optional.empty();
    }
  }

  static String write(JsonValue value) {
    return value.toString();
  }
}
