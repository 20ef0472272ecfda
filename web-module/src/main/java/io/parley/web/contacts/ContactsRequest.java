package io.parley.web.contacts;

import io.parley.core.errors.ApiException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v1/contacts}: the numbers to check, whether to wait for the network
 * ({@code blocking}: {@code wait} or the default {@code no_wait}) and whether to bypass the cache
 * ({@code force_check}).
 */
record ContactsRequest(List<String> contacts, boolean waitForNetwork, boolean forceCheck) {

  ContactsRequest {
    contacts = List.copyOf(contacts);
  }

  /**
   * Reads {@code body}: 400/1008 without {@code contacts}; 400/1009 when it is not an array of
   * strings or is empty, when {@code blocking} is not {@code wait} or {@code no_wait}, or when
   * {@code force_check} is not a boolean.
   */
  static ContactsRequest parse(JsonObject body) {
    return new ContactsRequest(contacts(body), waitForNetwork(body), forceCheck(body));
  }

  private static List<String> contacts(JsonObject body) {
    JsonValue value = body.get("contacts");
    if (isAbsent(value)) {
      throw ApiException.missing("contacts");
    }
    if (!(value instanceof JsonArray array)) {
      throw ApiException.invalid("contacts", value);
    }
    if (array.isEmpty()) {
      throw ApiException.invalid("Parameter 'contacts' must not be empty");
    }
    List<String> contacts = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonString text)) {
        throw ApiException.invalid("contacts[" + i + "]", array.get(i));
      }
      contacts.add(text.getString());
    }
    return contacts;
  }

  private static boolean waitForNetwork(JsonObject body) {
    JsonValue value = body.get("blocking");
    if (isAbsent(value)) {
      return false;
    }
    if (value instanceof JsonString text) {
      switch (text.getString()) {
        case "wait":
          return true;
        case "no_wait":
          return false;
        default:
          break;
      }
    }
    throw ApiException.invalid("blocking", value);
  }

  private static boolean forceCheck(JsonObject body) {
    JsonValue value = body.get("force_check");
    if (isAbsent(value) || value == JsonValue.FALSE) {
      return false;
    }
    if (value == JsonValue.TRUE) {
      return true;
    }
    throw ApiException.invalid("force_check", value);
  }

  private static boolean isAbsent(JsonValue value) {
    return value == null || value.getValueType() == JsonValue.ValueType.NULL;
  }
}
