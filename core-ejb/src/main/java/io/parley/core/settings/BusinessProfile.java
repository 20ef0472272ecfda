package io.parley.core.settings;

import io.parley.core.errors.ApiException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The business profile of {@code /v1/settings/business/profile}, with its limits. Unset text fields
 * are empty strings.
 */
public record BusinessProfile(
    String address, String description, String email, String vertical, List<String> websites) {

  public static final int MAX_ADDRESS = 256;
  public static final int MAX_DESCRIPTION = 256;
  public static final int MAX_EMAIL = 128;
  public static final int MAX_VERTICAL = 128;
  public static final int MAX_WEBSITES = 2;
  public static final int MAX_WEBSITE = 256;

  public static final BusinessProfile EMPTY = new BusinessProfile("", "", "", "", List.of());

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

  public BusinessProfile {
    websites = List.copyOf(websites);
  }

  /**
   * This profile with the fields that {@code body} gives replaced (a {@code null} or empty value
   * clears a field); other fields keep their value. 400/1009 for a value over its limit, or when
   * the body names no field at all.
   */
  public BusinessProfile merge(JsonObject body) {
    boolean any = false;
    String newAddress = address;
    String newDescription = description;
    String newEmail = email;
    String newVertical = vertical;
    List<String> newWebsites = websites;
    if (body.containsKey("address")) {
      newAddress = text(body, "address", MAX_ADDRESS);
      any = true;
    }
    if (body.containsKey("description")) {
      newDescription = text(body, "description", MAX_DESCRIPTION);
      any = true;
    }
    if (body.containsKey("email")) {
      newEmail = text(body, "email", MAX_EMAIL);
      if (!newEmail.isEmpty() && !EMAIL.matcher(newEmail).matches()) {
        throw ApiException.invalid("email", newEmail);
      }
      any = true;
    }
    if (body.containsKey("vertical")) {
      newVertical = text(body, "vertical", MAX_VERTICAL);
      any = true;
    }
    if (body.containsKey("websites")) {
      newWebsites = websites(body.get("websites"));
      any = true;
    }
    if (!any) {
      throw ApiException.invalid("No valid parameters provided");
    }
    return new BusinessProfile(newAddress, newDescription, newEmail, newVertical, newWebsites);
  }

  private static String text(JsonObject body, String name, int max) {
    JsonValue value = body.get(name);
    if (value.getValueType() == JsonValue.ValueType.NULL) {
      return "";
    }
    if (!(value instanceof JsonString s)) {
      throw ApiException.invalid(name, value);
    }
    return TextLimits.check(name, s.getString(), max);
  }

  private static List<String> websites(JsonValue value) {
    if (value.getValueType() == JsonValue.ValueType.NULL) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw ApiException.invalid("websites", value);
    }
    if (array.size() > MAX_WEBSITES) {
      throw ApiException.invalid(
          "Parameter 'websites' has invalid value: at most " + MAX_WEBSITES + " websites");
    }
    List<String> result = new ArrayList<>();
    for (JsonValue item : array) {
      if (!(item instanceof JsonString s)) {
        throw ApiException.invalid("websites", item);
      }
      String site = TextLimits.check("websites", s.getString(), MAX_WEBSITE);
      if (!site.startsWith("http://") && !site.startsWith("https://")) {
        throw ApiException.invalid(
            "Parameter 'websites' has invalid value '" + site + "': must start with http(s)://");
      }
      result.add(site);
    }
    return result;
  }
}
