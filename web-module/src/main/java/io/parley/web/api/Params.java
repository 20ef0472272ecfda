package io.parley.web.api;

import io.parley.core.errors.ApiException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Mandatory string parameters of the settings request bodies. */
public final class Params {

  private Params() {}

  /**
   * The string {@code name} of {@code body}: 400/1008 when absent or null, 400/1009 when not a
   * string. The value is never echoed, as several of these parameters are secrets.
   */
  public static String requiredString(JsonObject body, String name) {
    JsonValue value = body.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      throw ApiException.missing(name);
    }
    if (!(value instanceof JsonString text)) {
      throw ApiException.invalid("Parameter '" + name + "' must be a string");
    }
    return text.getString();
  }

  /** Like {@link #requiredString}, but absent or null is no value rather than an error. */
  public static String optionalString(JsonObject body, String name) {
    JsonValue value = body.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    return requiredString(body, name);
  }
}
