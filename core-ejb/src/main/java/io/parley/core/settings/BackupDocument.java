package io.parley.core.settings;

import io.parley.core.json.Jsons;
import io.parley.persistence.users.Role;
import io.parley.persistence.users.User;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a backup holds, as the JSON plaintext inside the encrypted blob: the backed-up settings
 * (name to stored JSON text) and every user with its password hash. Parsing checks everything a
 * restore relies on, so a restore either applies a complete document or nothing. Pure.
 */
public record BackupDocument(long createdAt, Map<String, String> settings, List<UserEntry> users) {

  /** The plaintext format; bumped when the content changes incompatibly. */
  public static final int FORMAT = 1;

  private static final int MAX_NAME = 128;
  private static final int MAX_VALUE = 4000;
  private static final int MAX_USERNAME = 32;
  private static final int MAX_HASH = 255;

  /** One user as backed up. */
  public record UserEntry(
      String username,
      Role role,
      String passwordHash,
      boolean passwordChangeRequired,
      long createdAt) {

    public static UserEntry of(User user) {
      return new UserEntry(
          user.getUsername(),
          user.getRole(),
          user.getPasswordHash(),
          user.isPasswordChangeRequired(),
          user.getCreatedAt());
    }
  }

  public BackupDocument {
    settings = new TreeMap<>(settings);
    users = List.copyOf(users);
  }

  public byte[] toJson() {
    JsonObjectBuilder settingsJson = Jsons.createObjectBuilder();
    settings.forEach(settingsJson::add);
    JsonArrayBuilder usersJson = Jsons.createArrayBuilder();
    for (UserEntry user : users) {
      usersJson.add(
          Jsons.createObjectBuilder()
              .add("username", user.username())
              .add("role", user.role().name())
              .add("password_hash", user.passwordHash())
              .add("password_change_required", user.passwordChangeRequired())
              .add("created_at", user.createdAt()));
    }
    return Jsons.createObjectBuilder()
        .add("format", FORMAT)
        .add("created_at", createdAt)
        .add("settings", settingsJson)
        .add("users", usersJson)
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The document in {@code json}; refused when it is malformed or incomplete. */
  public static BackupDocument parse(byte[] json) throws InvalidBackupException {
    JsonObject root;
    try (JsonReader reader = Jsons.createReader(new ByteArrayInputStream(json))) {
      root = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw damaged("not JSON");
    }
    try {
      int format = root.getInt("format");
      if (format != FORMAT) {
        throw new InvalidBackupException(
            "Backup content format " + format + " is not supported (expected " + FORMAT + ")");
      }
      Map<String, String> settings = new TreeMap<>();
      for (Map.Entry<String, JsonValue> entry : root.getJsonObject("settings").entrySet()) {
        String name = entry.getKey();
        String value = ((JsonString) entry.getValue()).getString();
        if (name.length() > MAX_NAME
            || value.length() > MAX_VALUE
            || StoredJson.read(value).isEmpty()) {
          throw damaged("setting '" + name + "'");
        }
        if (SettingKeys.isBackedUp(name)) {
          settings.put(name, value);
        }
      }
      List<UserEntry> users = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (JsonValue item : root.getJsonArray("users")) {
        JsonObject user = item.asJsonObject();
        UserEntry entry =
            new UserEntry(
                user.getString("username"),
                Role.valueOf(user.getString("role")),
                user.getString("password_hash"),
                user.getBoolean("password_change_required"),
                ((JsonNumber) user.get("created_at")).longValueExact());
        if (entry.username().isEmpty()
            || entry.username().length() > MAX_USERNAME
            || entry.passwordHash().isEmpty()
            || entry.passwordHash().length() > MAX_HASH
            || !names.add(entry.username())) {
          throw damaged("user '" + entry.username() + "'");
        }
        users.add(entry);
      }
      boolean hasAdmin =
          users.stream()
              .anyMatch(u -> u.username().equals(User.ADMIN_USERNAME) && u.role() == Role.ADMIN);
      if (!hasAdmin) {
        throw damaged("no admin user");
      }
      return new BackupDocument(
          ((JsonNumber) root.get("created_at")).longValueExact(), settings, users);
    } catch (NullPointerException | ClassCastException | ArithmeticException e) {
      throw damaged("missing or mistyped fields");
    } catch (IllegalArgumentException e) {
      throw damaged("unknown value");
    }
  }

  private static InvalidBackupException damaged(String what) {
    return new InvalidBackupException("The backup content is damaged (" + what + ")");
  }
}
