package io.parley.core.settings;

import io.parley.core.errors.ApiException;

/** Length limits of the profile texts, counted in characters (Unicode code points). */
final class TextLimits {

  private TextLimits() {}

  /** {@code value} unchanged, or 400/1009 naming {@code name} when it is over {@code max}. */
  static String check(String name, String value, int max) {
    if (value.codePointCount(0, value.length()) > max) {
      throw ApiException.invalid(
          "Parameter '" + name + "' has invalid value: longer than " + max + " characters");
    }
    return value;
  }
}
