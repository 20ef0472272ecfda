package io.parley.core.settings;

/**
 * A backup blob that cannot be opened: wrong password, damaged, truncated or of another version.
 */
public class InvalidBackupException extends Exception {

  public InvalidBackupException(String message) {
    super(message, null, false, false);
  }
}
