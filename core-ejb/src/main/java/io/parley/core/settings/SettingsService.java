package io.parley.core.settings;

import io.parley.core.errors.ApiException;
import io.parley.core.health.HealthService;
import io.parley.core.json.Jsons;
import io.parley.persistence.settings.Setting;
import io.parley.persistence.settings.SettingRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Application settings, profile "about" text and business profile, kept in {@code app_setting} one
 * row per field (see {@link SettingKeys}). Each method is one transaction; a refused update changes
 * nothing.
 */
@Stateless
public class SettingsService {

  /** The longest "about" text, in characters. */
  public static final int MAX_ABOUT = 139;

  @Inject SettingRepository settings;
  @EJB ApplicationSettingsCache cache;

  /**
   * The current application settings, defaults applied (cached, see {@link
   * ApplicationSettingsCache}).
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public ApplicationSettings application() {
    return cache.get(() -> ApplicationSettingsSchema.resolve(storedApplication()));
  }

  /** The registered account's wa_id (read-only in the settings), if registered. */
  public Optional<String> waId() {
    return settings.find(HealthService.ACCOUNT_WA_ID).map(SettingsService::unquoted);
  }

  /** A stored value that should be a JSON string, as plain text (raw text is taken as it is). */
  private static String unquoted(String text) {
    return StoredJson.read(text)
        .filter(JsonString.class::isInstance)
        .map(value -> ((JsonString) value).getString())
        .orElse(text);
  }

  /**
   * Applies a partial update (PATCH semantics of {@link ApplicationSettingsSchema}); 400/1009 when
   * a value is invalid, nothing valid is given, or the result breaks a rule spanning fields.
   */
  public ApplicationSettings updateApplication(JsonObject patch) {
    Map<String, JsonValue> changes = ApplicationSettingsSchema.parsePatch(patch);
    Map<String, JsonValue> merged = storedApplication();
    changes.forEach(
        (path, value) -> {
          if (value.getValueType() == JsonValue.ValueType.NULL) {
            merged.remove(path);
          } else {
            merged.put(path, value);
          }
        });
    ApplicationSettings result = ApplicationSettingsSchema.resolve(merged);
    ApplicationSettingsSchema.checkConsistent(result);
    cache.invalidate();
    long now = System.currentTimeMillis();
    changes.forEach(
        (path, value) -> {
          String name = SettingKeys.APPLICATION + path;
          if (value.getValueType() == JsonValue.ValueType.NULL) {
            settings.remove(name);
          } else {
            settings.put(name, StoredJson.write(value), now);
          }
        });
    return result;
  }

  /** Every application setting back to its default. */
  public void resetApplication() {
    cache.invalidate();
    for (Setting setting : settings.findByPrefix(SettingKeys.APPLICATION)) {
      settings.remove(setting.getName());
    }
  }

  /** The profile "about" text; empty until set. */
  public String about() {
    return settings.find(SettingKeys.PROFILE_ABOUT).map(SettingsService::unquoted).orElse("");
  }

  /** Sets the "about" text: 1 to {@value #MAX_ABOUT} characters, else 400/1009. */
  public void setAbout(String text) {
    if (text.isBlank()) {
      throw ApiException.invalid("text", text);
    }
    TextLimits.check("text", text, MAX_ABOUT);
    settings.put(
        SettingKeys.PROFILE_ABOUT,
        StoredJson.write(Jsons.createValue(text)),
        System.currentTimeMillis());
  }

  public BusinessProfile businessProfile() {
    Map<String, JsonValue> stored = new HashMap<>();
    for (Setting setting : settings.findByPrefix(SettingKeys.BUSINESS_PROFILE)) {
      StoredJson.read(setting.getValue())
          .ifPresent(
              value ->
                  stored.put(
                      setting.getName().substring(SettingKeys.BUSINESS_PROFILE.length()), value));
    }
    return new BusinessProfile(
        string(stored.get("address")),
        string(stored.get("description")),
        string(stored.get("email")),
        string(stored.get("vertical")),
        stored.get("websites") instanceof JsonArray array
            ? array.getValuesAs(JsonString::getString)
            : List.of());
  }

  /** Updates the fields that {@code body} gives ({@link BusinessProfile#merge}). */
  public BusinessProfile updateBusinessProfile(JsonObject body) {
    BusinessProfile updated = businessProfile().merge(body);
    long now = System.currentTimeMillis();
    putOrRemove("address", updated.address(), now);
    putOrRemove("description", updated.description(), now);
    putOrRemove("email", updated.email(), now);
    putOrRemove("vertical", updated.vertical(), now);
    String websites = SettingKeys.BUSINESS_PROFILE + "websites";
    if (updated.websites().isEmpty()) {
      settings.remove(websites);
    } else {
      settings.put(
          websites, StoredJson.write(Jsons.createArrayBuilder(updated.websites()).build()), now);
    }
    return updated;
  }

  private void putOrRemove(String field, String value, long now) {
    String name = SettingKeys.BUSINESS_PROFILE + field;
    if (value.isEmpty()) {
      settings.remove(name);
    } else {
      settings.put(name, StoredJson.write(Jsons.createValue(value)), now);
    }
  }

  private static String string(JsonValue value) {
    return value instanceof JsonString s ? s.getString() : "";
  }

  /** The stored application values by field path. */
  private Map<String, JsonValue> storedApplication() {
    Map<String, JsonValue> stored = new HashMap<>();
    for (Setting setting : settings.findByPrefix(SettingKeys.APPLICATION)) {
      StoredJson.read(setting.getValue())
          .ifPresent(
              value ->
                  stored.put(setting.getName().substring(SettingKeys.APPLICATION.length()), value));
    }
    return stored;
  }
}
