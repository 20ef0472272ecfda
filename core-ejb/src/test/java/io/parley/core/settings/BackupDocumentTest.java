package io.parley.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.persistence.users.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupDocumentTest {

  private static final BackupDocument.UserEntry ADMIN =
      new BackupDocument.UserEntry("admin", Role.ADMIN, "$argon2id$hash", false, 1000L);

  @Test
  void documentSurvivesItsJsonForm() throws Exception {
    BackupDocument document =
        new BackupDocument(
            42L,
            Map.of("application.sent_status", "true", "profile.about", "\"Hi\""),
            List.of(ADMIN, new BackupDocument.UserEntry("ops", Role.USER, "$h2", true, 2000L)));

    assertEquals(document, BackupDocument.parse(document.toJson()));
  }

  @Test
  void settingsOutsideTheBackedUpNamesAreDropped() throws Exception {
    BackupDocument document =
        new BackupDocument(1L, Map.of("account.wa_id", "\"1555\""), List.of(ADMIN));

    assertEquals(Map.of(), BackupDocument.parse(document.toJson()).settings());
  }

  @Test
  void documentWithoutAdminIsRefused() {
    BackupDocument document =
        new BackupDocument(
            1L, Map.of(), List.of(new BackupDocument.UserEntry("ops", Role.USER, "$h", false, 1)));

    assertThrows(InvalidBackupException.class, () -> BackupDocument.parse(document.toJson()));
  }

  @Test
  void otherContentFormatIsRefused() {
    byte[] json =
        "{\"format\":9,\"created_at\":1,\"settings\":{},\"users\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    assertThrows(InvalidBackupException.class, () -> BackupDocument.parse(json));
  }

  @Test
  void unknownRoleIsRefused() {
    byte[] json =
        ("{\"format\":1,\"created_at\":1,\"settings\":{},\"users\":[{\"username\":\"admin\","
                + "\"role\":\"GOD\",\"password_hash\":\"$h\",\"password_change_required\":false,"
                + "\"created_at\":1}]}")
            .getBytes(StandardCharsets.UTF_8);

    assertThrows(InvalidBackupException.class, () -> BackupDocument.parse(json));
  }

  @Test
  void nonJsonIsRefused() {
    assertThrows(
        InvalidBackupException.class,
        () -> BackupDocument.parse("not json".getBytes(StandardCharsets.UTF_8)));
  }
}
