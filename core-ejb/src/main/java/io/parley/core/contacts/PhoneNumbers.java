package io.parley.core.contacts;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers as people write them ({@code "+1 (631) 555-1001"}, {@code "1.631.555.1001"})
 * reduced to the digits of the international number, which is how the network names accounts.
 */
public final class PhoneNumbers {

  /** Fewer digits than any full international number, but the sandbox's shortest accounts. */
  public static final int MIN_DIGITS = 6;

  /** The longest international number (E.164). */
  public static final int MAX_DIGITS = 15;

  private static final Pattern SEPARATORS = Pattern.compile("[\\s+()\\-.]");

  private PhoneNumbers() {}

  /**
   * The digits of {@code input}; empty when it is not a phone number: other characters than digits,
   * spaces, {@code + ( ) - .}, or too few or too many digits.
   */
  public static Optional<String> digits(String input) {
    if (input == null) {
      return Optional.empty();
    }
    String digits = SEPARATORS.matcher(input).replaceAll("");
    if (digits.length() < MIN_DIGITS
        || digits.length() > MAX_DIGITS
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return Optional.of(digits);
  }
}
