package io.parley.core.users;

import io.parley.core.errors.ApiException;
import java.util.regex.Pattern;

/**
 * The on-prem username rules: 4 to 32 characters that survive URL-encoding unchanged (letters,
 * digits, {@code - . _ ~}), and not the name reserved for the API-key principal.
 */
public final class UsernamePolicy {

  private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._~-]{4,32}");

  private UsernamePolicy() {}

  /** Why {@code username} cannot be used, or null when it can. */
  public static String violation(String username) {
    if (username == null || !URL_SAFE.matcher(username).matches()) {
      return "Username must be 4 to 32 characters: letters, digits, '-', '.', '_' or '~'";
    }
    if (username.equals(Caller.API_KEY_PRINCIPAL)) {
      return "Username '" + Caller.API_KEY_PRINCIPAL + "' is reserved";
    }
    return null;
  }

  /** 400/1009 unless {@code username} keeps the rules. */
  public static void check(String username) {
    String violation = violation(username);
    if (violation != null) {
      throw ApiException.invalid(violation);
    }
  }
}
