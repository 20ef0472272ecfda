package io.parley.core.settings;

import io.parley.core.errors.ApiException;
import io.parley.core.json.Jsons;
import io.parley.core.media.LinkGuard;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fields of the application settings: their wire paths ({@code webhooks.message.read}),
 * defaults and validation. Parses a PATCH body into per-field changes and resolves stored values
 * into an {@link ApplicationSettings}. Pure: no container, no database.
 *
 * <p>PATCH semantics: known fields are validated and normalised; nested objects ({@code media},
 * {@code webhooks}, {@code webhooks.message}, {@code garbagecollector_enable}) are merged field by
 * field; unknown fields and the read-only {@code wa_id} are ignored; {@code null} resets a field
 * (or a whole nested object) to its default, as an empty string does for the optional strings.
 */
public final class ApplicationSettingsSchema {

  /** The media types {@code media.auto_download} may name, in the order the API lists them. */
  public static final List<String> MEDIA_TYPES =
      List.of("image", "document", "audio", "video", "voice", "sticker");

  /** The accepted values of {@code log_level}. */
  public static final List<String> LOG_LEVELS = List.of("debug", "info", "warning", "error");

  /** The accepted values of {@code webhooks.max_concurrent_requests}. */
  public static final Set<Integer> CONCURRENT_REQUESTS = Set.of(6, 12, 18, 24);

  public static final int MAX_URL_LENGTH = 2048;
  public static final int MIN_SECRET_LENGTH = 16;
  public static final int MAX_SECRET_LENGTH = 256;

  private static final Pattern PAGER = Pattern.compile("[0-9A-Za-z@._-]{1,64}");
  private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]+");

  /** Checks and normalises a given (non-null) value of the field at {@code path}. */
  @FunctionalInterface
  interface Rule {
    JsonValue check(String path, JsonValue value);
  }

  /** One settable leaf: its path, its default ({@code NULL} for "not set") and its rule. */
  record Field(String path, JsonValue defaultValue, Rule rule) {}

  static final List<Field> FIELDS =
      List.of(
          new Field("callback_persist", JsonValue.TRUE, ApplicationSettingsSchema::bool),
          new Field("callback_backoff_delay_ms", number(3000), ApplicationSettingsSchema::positive),
          new Field(
              "max_callback_backoff_delay_ms", number(900000), ApplicationSettingsSchema::positive),
          new Field(
              "media.auto_download", JsonValue.EMPTY_JSON_ARRAY, ApplicationSettingsSchema::media),
          new Field(
              "media.link_allowlist",
              JsonValue.EMPTY_JSON_ARRAY,
              ApplicationSettingsSchema::linkAllowlist),
          new Field("pass_through", JsonValue.FALSE, ApplicationSettingsSchema::passThrough),
          new Field("sent_status", JsonValue.FALSE, ApplicationSettingsSchema::bool),
          new Field("heartbeat_interval", number(5), ApplicationSettingsSchema::positive),
          new Field("unhealthy_interval", number(30), ApplicationSettingsSchema::positive),
          new Field("webhooks.url", JsonValue.NULL, ApplicationSettingsSchema::webhookUrl),
          new Field(
              "webhooks.max_concurrent_requests",
              number(6),
              ApplicationSettingsSchema::concurrentRequests),
          new Field("webhooks.message.sent", JsonValue.TRUE, ApplicationSettingsSchema::bool),
          new Field("webhooks.message.delivered", JsonValue.TRUE, ApplicationSettingsSchema::bool),
          new Field("webhooks.message.read", JsonValue.FALSE, ApplicationSettingsSchema::bool),
          new Field(
              "webhooks.signing_secret", JsonValue.NULL, ApplicationSettingsSchema::signingSecret),
          new Field("on_call_pager", JsonValue.NULL, ApplicationSettingsSchema::pager),
          new Field("db_garbagecollector_enable", JsonValue.TRUE, ApplicationSettingsSchema::bool),
          new Field(
              "garbagecollector_enable.messages", JsonValue.TRUE, ApplicationSettingsSchema::bool),
          new Field(
              "garbagecollector_enable.media", JsonValue.FALSE, ApplicationSettingsSchema::bool),
          new Field("notify_user_change_number", JsonValue.TRUE, ApplicationSettingsSchema::bool),
          new Field("show_security_notifications", JsonValue.TRUE, ApplicationSettingsSchema::bool),
          new Field(
              "axolotl_context_striping_disabled",
              JsonValue.FALSE,
              ApplicationSettingsSchema::bool),
          new Field("verbose_logging", JsonValue.FALSE, ApplicationSettingsSchema::bool),
          new Field("log_level", Jsons.createValue("info"), ApplicationSettingsSchema::logLevel));

  private ApplicationSettingsSchema() {}

  /**
   * The changes a PATCH body asks for, by field path, in body order. A value of {@code
   * JsonValue.NULL} means "back to the default". Nothing valid in the body gives 400/1009; an
   * invalid value of a known field gives 400/1009 naming it.
   */
  public static Map<String, JsonValue> parsePatch(JsonObject body) {
    Map<String, JsonValue> changes = new LinkedHashMap<>();
    collect(body, "", changes);
    if (changes.isEmpty()) {
      throw ApiException.invalid("No valid parameters provided");
    }
    return changes;
  }

  /** The settings that {@code stored} values (by field path) give over the defaults. */
  public static ApplicationSettings resolve(Map<String, JsonValue> stored) {
    Map<String, JsonValue> values = new LinkedHashMap<>();
    for (Field field : FIELDS) {
      values.put(field.path(), storedOrDefault(field, stored.get(field.path())));
    }
    return new ApplicationSettings(
        flag(values, "callback_persist"),
        integer(values, "callback_backoff_delay_ms"),
        integer(values, "max_callback_backoff_delay_ms"),
        new ApplicationSettings.Media(
            values.get("media.auto_download").asJsonArray().getValuesAs(JsonString::getString),
            values.get("media.link_allowlist").asJsonArray().getValuesAs(JsonString::getString)),
        flag(values, "pass_through"),
        flag(values, "sent_status"),
        (int) integer(values, "heartbeat_interval"),
        (int) integer(values, "unhealthy_interval"),
        new ApplicationSettings.Webhooks(
            text(values, "webhooks.url"),
            (int) integer(values, "webhooks.max_concurrent_requests"),
            new ApplicationSettings.MessageStatuses(
                flag(values, "webhooks.message.sent"),
                flag(values, "webhooks.message.delivered"),
                flag(values, "webhooks.message.read")),
            text(values, "webhooks.signing_secret")),
        text(values, "on_call_pager"),
        flag(values, "db_garbagecollector_enable"),
        new ApplicationSettings.GarbageCollector(
            flag(values, "garbagecollector_enable.messages"),
            flag(values, "garbagecollector_enable.media")),
        flag(values, "notify_user_change_number"),
        flag(values, "show_security_notifications"),
        flag(values, "axolotl_context_striping_disabled"),
        flag(values, "verbose_logging"),
        text(values, "log_level").orElse("info"));
  }

  /** Rules that span fields, checked on the settings a PATCH would leave; 400/1009 if broken. */
  public static void checkConsistent(ApplicationSettings settings) {
    if (settings.unhealthyInterval() <= settings.heartbeatInterval()) {
      throw ApiException.invalid(
          "Parameter 'unhealthy_interval' has invalid value '"
              + settings.unhealthyInterval()
              + "': it must be greater than heartbeat_interval ("
              + settings.heartbeatInterval()
              + ")");
    }
  }

  private static void collect(JsonObject object, String prefix, Map<String, JsonValue> changes) {
    for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
      String path = prefix + entry.getKey();
      JsonValue value = entry.getValue();
      Optional<Field> field = field(path);
      if (field.isPresent()) {
        changes.put(
            path,
            value.getValueType() == JsonValue.ValueType.NULL
                ? JsonValue.NULL
                : field.get().rule().check(path, value));
      } else if (isGroup(path)) {
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
          collect(value.asJsonObject(), path + ".", changes);
        } else if (value.getValueType() == JsonValue.ValueType.NULL) {
          FIELDS.stream()
              .filter(f -> f.path().startsWith(path + "."))
              .forEach(f -> changes.put(f.path(), JsonValue.NULL));
        } else {
          throw invalid(path, value, "expected an object");
        }
      }
      // Anything else (unknown fields, the read-only wa_id) is ignored.
    }
  }

  private static Optional<Field> field(String path) {
    return FIELDS.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  private static boolean isGroup(String path) {
    return FIELDS.stream().anyMatch(f -> f.path().startsWith(path + "."));
  }

  private static JsonValue storedOrDefault(Field field, JsonValue stored) {
    if (stored == null || stored.getValueType() == JsonValue.ValueType.NULL) {
      return field.defaultValue();
    }
    try {
      return field.rule().check(field.path(), stored);
    } catch (ApiException e) {
      // A value that no longer passes (e.g. restored from an older version) counts as unset.
      return field.defaultValue();
    }
  }

  private static boolean flag(Map<String, JsonValue> values, String path) {
    return values.get(path) == JsonValue.TRUE;
  }

  private static long integer(Map<String, JsonValue> values, String path) {
    return ((JsonNumber) values.get(path)).longValue();
  }

  private static Optional<String> text(Map<String, JsonValue> values, String path) {
    JsonValue value = values.get(path);
    return value instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
  }

  private static JsonNumber number(long value) {
    return Jsons.createValue(value);
  }

  // ---- rules ----

  private static JsonValue bool(String path, JsonValue value) {
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value;
    }
    throw invalid(path, value, "expected true or false");
  }

  private static JsonValue passThrough(String path, JsonValue value) {
    if (bool(path, value) == JsonValue.TRUE) {
      throw invalid(path, value, "pass_through can no longer be enabled");
    }
    return value;
  }

  /** A positive integer given as a number or as a string of digits. */
  private static JsonValue positive(String path, JsonValue value) {
    BigInteger number = null;
    if (value instanceof JsonNumber n && n.isIntegral()) {
      number = n.bigIntegerValue();
    } else if (value instanceof JsonString s && s.getString().matches("[0-9]{1,12}")) {
      number = new BigInteger(s.getString());
    }
    if (number == null
        || number.signum() <= 0
        || number.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
      throw invalid(path, value, "expected a positive integer");
    }
    return Jsons.createValue(number.longValue());
  }

  private static JsonValue concurrentRequests(String path, JsonValue value) {
    JsonValue number = positive(path, value);
    if (!CONCURRENT_REQUESTS.contains(((JsonNumber) number).intValue())) {
      throw invalid(path, value, "expected 6, 12, 18 or 24");
    }
    return number;
  }

  private static JsonValue media(String path, JsonValue value) {
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      throw invalid(path, value, "expected an array of " + String.join(", ", MEDIA_TYPES));
    }
    List<String> given = new ArrayList<>();
    for (JsonValue item : (JsonArray) value) {
      if (!(item instanceof JsonString s) || !MEDIA_TYPES.contains(s.getString())) {
        throw invalid(path, item, "expected one of " + String.join(", ", MEDIA_TYPES));
      }
      given.add(s.getString());
    }
    JsonArrayBuilder normalised = Jsons.createArrayBuilder();
    MEDIA_TYPES.stream().filter(given::contains).forEach(normalised::add);
    return normalised.build();
  }

  /**
   * Parley's addition: the restricted addresses media links may reach anyway ({@link LinkGuard}),
   * as CIDR blocks, addresses or host names; normalised, without repeats, in the order given.
   */
  private static JsonValue linkAllowlist(String path, JsonValue value) {
    if (value.getValueType() != JsonValue.ValueType.ARRAY
        || value.asJsonArray().size() > LinkGuard.MAX_ENTRIES) {
      throw invalid(
          path,
          value,
          "expected an array of at most "
              + LinkGuard.MAX_ENTRIES
              + " CIDR blocks, IP addresses or host names");
    }
    Set<String> entries = new LinkedHashSet<>();
    for (JsonValue item : (JsonArray) value) {
      if (!(item instanceof JsonString s)) {
        throw invalid(path, item, "expected a string");
      }
      try {
        entries.add(LinkGuard.normaliseEntry(s.getString()));
      } catch (IllegalArgumentException e) {
        throw invalid(path, item, e.getMessage());
      }
    }
    return Jsons.createArrayBuilder(List.copyOf(entries)).build();
  }

  /** An absolute https URL; the empty string removes it. */
  private static JsonValue webhookUrl(String path, JsonValue value) {
    String url = string(path, value);
    if (url.isEmpty()) {
      return JsonValue.NULL;
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw invalid(path, "<" + url.length() + " characters>", "longer than " + MAX_URL_LENGTH);
    }
    try {
      URI uri = new URI(url);
      if (!"https".equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null
          || uri.getHost().isEmpty()) {
        throw invalid(path, value, "expected an absolute https URL");
      }
    } catch (URISyntaxException e) {
      throw invalid(path, value, "expected an absolute https URL");
    }
    return value;
  }

  /** Write-only: its value never appears in an error either. */
  private static JsonValue signingSecret(String path, JsonValue value) {
    if (!(value instanceof JsonString s)) {
      throw ApiException.invalid("Parameter '" + path + "' must be a string");
    }
    String secret = s.getString();
    if (secret.isEmpty()) {
      return JsonValue.NULL;
    }
    if (secret.length() < MIN_SECRET_LENGTH
        || secret.length() > MAX_SECRET_LENGTH
        || !SECRET.matcher(secret).matches()) {
      throw ApiException.invalid(
          "Parameter '"
              + path
              + "' must be "
              + MIN_SECRET_LENGTH
              + " to "
              + MAX_SECRET_LENGTH
              + " printable ASCII characters without spaces");
    }
    return value;
  }

  private static JsonValue pager(String path, JsonValue value) {
    String pager = string(path, value);
    if (pager.isEmpty()) {
      return JsonValue.NULL;
    }
    if (!PAGER.matcher(pager).matches()) {
      throw invalid(path, value, "expected a wa_id or group id");
    }
    return value;
  }

  private static JsonValue logLevel(String path, JsonValue value) {
    if (!LOG_LEVELS.contains(string(path, value))) {
      throw invalid(path, value, "expected one of " + String.join(", ", LOG_LEVELS));
    }
    return value;
  }

  private static String string(String path, JsonValue value) {
    if (!(value instanceof JsonString s)) {
      throw invalid(path, value, "expected a string");
    }
    return s.getString();
  }

  static ApiException invalid(String path, Object value, String reason) {
    Object shown = value instanceof JsonString s ? s.getString() : value;
    return ApiException.invalid(
        "Parameter '" + path + "' has invalid value '" + shown + "': " + reason);
  }
}
