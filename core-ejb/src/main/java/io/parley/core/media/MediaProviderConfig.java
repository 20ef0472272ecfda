package io.parley.core.media;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.json.Jsons;
import io.parley.persistence.media.MediaProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A media provider as {@code POST /v1/settings/application/media/providers} gives it: a name, the
 * type {@code www} (HTTP and HTTPS links) and the credentials sent when fetching a link that names
 * it, either {@code {"bearer":"<token>"}} or {@code {"basic":{"username","password"}}}. Parses and
 * validates the request (400/1008 for a missing parameter, 400/1009 for a bad one, the details
 * naming it, never a secret's value), and gives the {@code Authorization} header and the forms that
 * are stored ({@link #configJson}) and shown ({@link #shown}).
 */
public record MediaProviderConfig(String name, String type, String bearer, Basic basic) {

  /** Basic authentication's user name and password. */
  public record Basic(String username, String password) {}

  /** What GET shows in place of a secret. */
  public static final String REDACTED = "********";

  public static final String TYPE_WWW = "www";
  public static final int MAX_PROVIDERS_PER_REQUEST = 20;
  public static final int MAX_SECRET_LENGTH = 1024;
  public static final int MAX_USERNAME_LENGTH = 256;

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9_-]{1," + MediaProvider.MAX_NAME_LENGTH + "}");

  /** Visible ASCII: what fits in an HTTP header as a token, without spaces or line breaks. */
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

  /** A name a link's {@code provider.name} may give: 400/1009 otherwise. */
  public static void checkName(String path, String name) {
    if (!NAME.matcher(name).matches()) {
      throw ApiException.invalid(
          "Parameter '"
              + path
              + "' must be 1 to "
              + MediaProvider.MAX_NAME_LENGTH
              + " letters, digits, '-' or '_'");
    }
  }

  /**
   * The providers of a POST body: a non-empty array of at most {@value #MAX_PROVIDERS_PER_REQUEST}
   * providers with distinct names.
   */
  public static List<MediaProviderConfig> parseAll(JsonValue body) {
    if (!(body instanceof JsonArray array)) {
      throw ApiException.invalid("The body must be an array of media providers");
    }
    if (array.isEmpty() || array.size() > MAX_PROVIDERS_PER_REQUEST) {
      throw ApiException.invalid(
          "The body must hold 1 to " + MAX_PROVIDERS_PER_REQUEST + " media providers");
    }
    List<MediaProviderConfig> providers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      MediaProviderConfig provider = parse("[" + i + "]", array.get(i));
      if (!names.add(provider.name().toLowerCase(Locale.ROOT))) {
        throw ApiException.invalid("Media provider '" + provider.name() + "' is given twice");
      }
      providers.add(provider);
    }
    return providers;
  }

  /** One provider object at {@code path} of the body. */
  static MediaProviderConfig parse(String path, JsonValue value) {
    JsonObject provider = object(path, value);
    String name = string(provider, path, "name");
    checkName(path + ".name", name);
    String type = string(provider, path, "type");
    if (!type.equals(TYPE_WWW)) {
      throw ApiException.invalid(
          "Parameter '" + path + ".type' has invalid value '" + type + "': expected 'www'");
    }
    if (!provider.containsKey("config")) {
      throw ApiException.missing(path + ".config");
    }
    return config(name, object(path + ".config", provider.get("config")), path + ".config");
  }

  /** The configuration stored for provider {@code name}, as {@link #configJson} wrote it. */
  public static MediaProviderConfig stored(String name, String type, JsonObject config) {
    return config(name, config, "config");
  }

  private static MediaProviderConfig config(String name, JsonObject config, String path) {
    boolean bearer = config.containsKey("bearer");
    boolean basic = config.containsKey("basic");
    if (bearer == basic) {
      throw bearer
          ? ApiException.invalid("Parameter '" + path + "' takes 'bearer' or 'basic', not both")
          : new ApiException(
              ErrorCode.MISSING_PARAMETER,
              "Parameter '" + path + ".bearer' or '" + path + ".basic' is mandatory");
    }
    for (String key : config.keySet()) {
      if (!key.equals("bearer") && !key.equals("basic")) {
        throw ApiException.invalid("Parameter '" + path + "' has an unknown field '" + key + "'");
      }
    }
    if (bearer) {
      String token = secret(config, path, "bearer");
      if (!TOKEN.matcher(token).matches()) {
        throw ApiException.invalid(
            "Parameter '" + path + ".bearer' must be visible ASCII characters without spaces");
      }
      return new MediaProviderConfig(name, TYPE_WWW, token, null);
    }
    String basicPath = path + ".basic";
    JsonObject credentials = object(basicPath, config.get("basic"));
    String username = string(credentials, basicPath, "username");
    if (username.isEmpty()
        || username.length() > MAX_USERNAME_LENGTH
        || username.contains(":")
        || username.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalid(
          "Parameter '"
              + basicPath
              + ".username' must be 1 to "
              + MAX_USERNAME_LENGTH
              + " characters without ':' or control characters");
    }
    String password = secret(credentials, basicPath, "password");
    if (password.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalid(
          "Parameter '" + basicPath + ".password' must not hold control characters");
    }
    return new MediaProviderConfig(name, TYPE_WWW, null, new Basic(username, password));
  }

  /** The {@code Authorization} header value for fetching this provider's links. */
  public String authorization() {
    if (bearer != null) {
      return "Bearer " + bearer;
    }
    String pair = basic.username() + ":" + basic.password();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** The configuration with its secrets: the JSON that is stored, sealed. */
  public JsonObject configJson() {
    return configJson(bearer, basic == null ? null : basic.password());
  }

  /** The provider as GET shows it: its configuration with {@link #REDACTED} for each secret. */
  public JsonObject shown() {
    return Jsons.createObjectBuilder()
        .add("name", name)
        .add("type", type)
        .add("config", configJson(bearer == null ? null : REDACTED, REDACTED))
        .build();
  }

  private JsonObject configJson(String shownBearer, String shownPassword) {
    JsonObjectBuilder config = Jsons.createObjectBuilder();
    if (bearer != null) {
      config.add("bearer", shownBearer);
    } else {
      config.add(
          "basic",
          Jsons.createObjectBuilder()
              .add("username", basic.username())
              .add("password", shownPassword));
    }
    return config.build();
  }

  /** Secrets are never echoed: the details name the parameter only. */
  private static String secret(JsonObject owner, String path, String key) {
    if (!(owner.get(key) instanceof JsonString value)) {
      throw owner.containsKey(key)
          ? ApiException.invalid("Parameter '" + path + "." + key + "' must be a string")
          : ApiException.missing(path + "." + key);
    }
    String secret = value.getString();
    if (secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) {
      throw ApiException.invalid(
          "Parameter '" + path + "." + key + "' must be 1 to " + MAX_SECRET_LENGTH + " characters");
    }
    if (secret.equals(REDACTED)) {
      throw ApiException.invalid(
          "Parameter '"
              + path
              + "."
              + key
              + "' is the placeholder GET shows: send the secret itself");
    }
    return secret;
  }

  private static String string(JsonObject owner, String path, String key) {
    JsonValue value = owner.get(key);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      throw ApiException.missing(path + "." + key);
    }
    if (!(value instanceof JsonString text)) {
      throw ApiException.invalid("Parameter '" + path + "." + key + "' must be a string");
    }
    return text.getString();
  }

  private static JsonObject object(String path, JsonValue value) {
    if (!(value instanceof JsonObject object)) {
      throw ApiException.invalid("Parameter '" + path + "' must be an object");
    }
    return object;
  }

  @Override
  public String toString() {
    return "MediaProviderConfig[name=" + name + ", type=" + type + "]";
  }
}
