package io.parley.core.users;

import io.parley.core.errors.ApiException;

/**
 * The on-prem password rules: 8 to 64 characters, at least one lowercase letter, one uppercase
 * letter, one digit and one special character, and nothing but letters, digits and those specials.
 * Applied when a user is created and whenever a password changes.
 */
public final class PasswordPolicy {

  public static final String SPECIALS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final int MIN_LENGTH = 8;
  private static final int MAX_LENGTH = 64;

  private PasswordPolicy() {}

  /** Why {@code password} breaks the rules, or null when it keeps them. */
  public static String violation(String password) {
    if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
      return "Password must be 8 to 64 characters long";
    }
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean special = false;
    for (char c : password.toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else if (SPECIALS.indexOf(c) >= 0) {
        special = true;
      } else {
        return "Password may only contain letters, digits and the characters " + SPECIALS;
      }
    }
    if (!(lower && upper && digit && special)) {
      return "Password must contain a lowercase letter, an uppercase letter, a digit and one of "
          + SPECIALS;
    }
    return null;
  }

  /** 400/1009 unless {@code password} keeps the rules. */
  public static void check(String password) {
    String violation = violation(password);
    if (violation != null) {
      throw ApiException.invalid(violation);
    }
  }
}
