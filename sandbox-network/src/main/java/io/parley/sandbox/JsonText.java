package io.parley.sandbox;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Small helpers over JSON-P for the stored state and the control API. */
final class JsonText {

  private JsonText() {}

  static JsonObject parse(byte[] bytes) {
    return parse(new String(bytes, StandardCharsets.UTF_8));
  }

  static JsonObject parse(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  static byte[] bytes(JsonObject object) {
    return object.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String string(JsonObject object, String name, String fallback) {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return fallback;
    }
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw new BadRequest("'" + name + "' must be a string");
    }
    return object.getString(name);
  }

  static long number(JsonObject object, String name, long fallback) {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return fallback;
    }
    if (value.getValueType() != JsonValue.ValueType.NUMBER) {
      throw new BadRequest("'" + name + "' must be a number");
    }
    return object.getJsonNumber(name).longValueExact();
  }

  static boolean bool(JsonObject object, String name, boolean fallback) {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return fallback;
    }
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    throw new BadRequest("'" + name + "' must be true or false");
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] unb64(String text) {
    return Base64.getDecoder().decode(text);
  }

  /** A control API request that cannot be served as asked: answered 400 with its message. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    BadRequest(String message) {
      this(400, message);
    }

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }
}
