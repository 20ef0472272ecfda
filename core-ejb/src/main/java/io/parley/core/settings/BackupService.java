package io.parley.core.settings;

import io.parley.core.errors.ApiException;
import io.parley.core.users.TokenCache;
import io.parley.persistence.settings.Setting;
import io.parley.persistence.settings.SettingRepository;
import io.parley.persistence.users.User;
import io.parley.persistence.users.UserRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Backup and restore of the settings ({@link SettingKeys#BACKED_UP}) and the users, as a
 * password-encrypted blob ({@link BackupCipher}). A restore is one transaction: the blob is opened
 * and checked completely before anything changes, then settings and users are replaced together.
 */
@Stateless
public class BackupService {

  public static final int MAX_PASSWORD = 1024;

  @Inject SettingRepository settings;
  @Inject UserRepository users;
  @EJB ApplicationSettingsCache applicationSettings;
  @EJB TokenCache tokens;

  private final BackupCipher cipher = new BackupCipher();

  /** The current settings and users, encrypted under {@code password}, base64-encoded. */
  public String backup(String password) {
    checkPassword(password);
    Map<String, String> backedUp = new HashMap<>();
    for (Setting setting : settings.findAll()) {
      if (SettingKeys.isBackedUp(setting.getName())) {
        backedUp.put(setting.getName(), setting.getValue());
      }
    }
    BackupDocument document =
        new BackupDocument(
            System.currentTimeMillis(),
            backedUp,
            users.findAll().stream().map(BackupDocument.UserEntry::of).toList());
    return Base64.getEncoder().encodeToString(cipher.seal(password, document.toJson()));
  }

  /**
   * Replaces the backed-up settings and the users with those of {@code data}. Users absent from the
   * backup are removed with their tokens; users whose password differs lose their tokens. A wrong
   * password or a damaged blob gives 400/1009 and changes nothing.
   */
  public void restore(String password, String data) {
    checkPassword(password);
    BackupDocument document = open(password, data);

    applicationSettings.invalidate();
    tokens.invalidateAll();
    long now = System.currentTimeMillis();
    for (Setting setting : settings.findAll()) {
      if (SettingKeys.isBackedUp(setting.getName())
          && !document.settings().containsKey(setting.getName())) {
        settings.remove(setting.getName());
      }
    }
    document.settings().forEach((name, value) -> settings.put(name, value, now));

    Set<String> restored =
        document.users().stream()
            .map(BackupDocument.UserEntry::username)
            .collect(Collectors.toSet());
    Map<String, User> current = new HashMap<>();
    for (User user : users.findAll()) {
      if (restored.contains(user.getUsername())) {
        current.put(user.getUsername(), user);
      } else {
        users.remove(user);
      }
    }
    for (BackupDocument.UserEntry entry : document.users()) {
      User user = current.get(entry.username());
      if (user == null) {
        User added =
            new User(entry.username(), entry.passwordHash(), entry.role(), entry.createdAt());
        added.restore(entry.passwordHash(), entry.role(), entry.passwordChangeRequired());
        users.add(added);
      } else {
        if (!user.getPasswordHash().equals(entry.passwordHash())) {
          users.removeTokens(user);
        }
        user.restore(entry.passwordHash(), entry.role(), entry.passwordChangeRequired());
      }
    }
  }

  private BackupDocument open(String password, String data) {
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(data.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("Parameter 'data' is not valid base64");
    }
    try {
      return BackupDocument.parse(cipher.open(password, blob));
    } catch (InvalidBackupException e) {
      throw ApiException.invalid("Parameter 'data' cannot be restored: " + e.getMessage());
    }
  }

  private static void checkPassword(String password) {
    if (password.isEmpty() || password.length() > MAX_PASSWORD) {
      throw ApiException.invalid(
          "Parameter 'password' must be 1 to " + MAX_PASSWORD + " characters");
    }
  }
}
