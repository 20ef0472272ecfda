package io.parley.core.messages;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * Reads the fields of a request object with the on-prem errors: 1008 for a missing field, 1009 for
 * a value of the wrong kind or outside its bounds. Each reader knows its path in the request
 * ({@code interactive.action.buttons[0].reply}), so the error names the exact parameter.
 */
final class JsonReader {

  private final JsonObject object;
  private final String path;

  JsonReader(JsonObject object, String path) {
    this.object = object;
    this.path = path;
  }

  String path(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    JsonValue value = object.get(name);
    return value != null && value.getValueType() != JsonValue.ValueType.NULL;
  }

  JsonObject raw() {
    return object;
  }

  String requiredString(String name) {
    return optionalString(name).orElseThrow(() -> ApiException.missing(path(name)));
  }

  /** A string of 1 to {@code max} characters. */
  String requiredString(String name, int max) {
    String value = requiredString(name);
    checkLength(name, value, max);
    return value;
  }

  Optional<String> optionalString(String name) {
    if (!has(name)) {
      return Optional.empty();
    }
    if (!(object.get(name) instanceof JsonString text)) {
      throw ApiException.invalid(path(name), object.get(name));
    }
    return Optional.of(text.getString());
  }

  Optional<String> optionalString(String name, int max) {
    Optional<String> value = optionalString(name);
    value.ifPresent(v -> checkLength(name, v, max));
    return value;
  }

  /** A string, or a number given for it (as clients often send ids and indexes). */
  Optional<String> optionalText(String name) {
    if (has(name) && object.get(name) instanceof JsonNumber number) {
      return Optional.of(number.toString());
    }
    return optionalString(name);
  }

  Optional<Boolean> optionalBoolean(String name) {
    if (!has(name)) {
      return Optional.empty();
    }
    JsonValue value = object.get(name);
    if (value == JsonValue.TRUE) {
      return Optional.of(true);
    }
    if (value == JsonValue.FALSE) {
      return Optional.of(false);
    }
    throw ApiException.invalid(path(name), value);
  }

  double requiredNumber(String name, double min, double max) {
    if (!has(name)) {
      throw ApiException.missing(path(name));
    }
    double number;
    JsonValue value = object.get(name);
    if (value instanceof JsonNumber n) {
      number = n.doubleValue();
    } else if (value instanceof JsonString s) {
      try {
        number = Double.parseDouble(s.getString());
      } catch (NumberFormatException e) {
        throw ApiException.invalid(path(name), value);
      }
    } else {
      throw ApiException.invalid(path(name), value);
    }
    if (!(number >= min && number <= max)) {
      throw ApiException.invalid(path(name), value);
    }
    return number;
  }

  Optional<Long> optionalLong(String name) {
    if (!has(name)) {
      return Optional.empty();
    }
    JsonValue value = object.get(name);
    if (value instanceof JsonNumber n && n.isIntegral()) {
      return Optional.of(n.longValue());
    }
    throw ApiException.invalid(path(name), value);
  }

  JsonReader requiredObject(String name) {
    return optionalObject(name).orElseThrow(() -> ApiException.missing(path(name)));
  }

  Optional<JsonReader> optionalObject(String name) {
    if (!has(name)) {
      return Optional.empty();
    }
    if (!(object.get(name) instanceof JsonObject child)) {
      throw ApiException.invalid(path(name), object.get(name));
    }
    return Optional.of(new JsonReader(child, path(name)));
  }

  /** A non-empty array. */
  JsonArray requiredArray(String name) {
    JsonArray array = optionalArray(name).orElseThrow(() -> ApiException.missing(path(name)));
    if (array.isEmpty()) {
      throw ApiException.invalid("Parameter '" + path(name) + "' must not be empty");
    }
    return array;
  }

  Optional<JsonArray> optionalArray(String name) {
    if (!has(name)) {
      return Optional.empty();
    }
    if (!(object.get(name) instanceof JsonArray array)) {
      throw ApiException.invalid(path(name), object.get(name));
    }
    return Optional.of(array);
  }

  /** Element {@code index} of {@code array} (the field {@code name}), which must be an object. */
  JsonReader element(JsonArray array, String name, int index) {
    String at = path(name) + "[" + index + "]";
    if (!(array.get(index) instanceof JsonObject child)) {
      throw ApiException.invalid(at, array.get(index));
    }
    return new JsonReader(child, at);
  }

  /** 1010 unless {@code name} is absent: it has no meaning here. */
  void forbid(String name, String forType) {
    if (has(name)) {
      throw new ApiException(
          ErrorCode.PARAMETER_NOT_REQUIRED,
          "Parameter '" + path(name) + "' is not required for type '" + forType + "'");
    }
  }

  private void checkLength(String name, String value, int max) {
    if (value.isBlank()) {
      throw ApiException.invalid("Parameter '" + path(name) + "' must not be empty");
    }
    if (value.length() > max) {
      throw ApiException.invalid(
          "Parameter '" + path(name) + "' is longer than " + max + " characters");
    }
  }
}
