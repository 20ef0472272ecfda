package io.parley.core.contacts;

import java.util.Locale;

/**
 * The answer about one input of {@code POST /v1/contacts}: the input as given, its status and, for
 * {@code valid} and {@code processing}, the wa_id.
 */
public record ContactCheck(String input, Status status, String waId) {

  /** The statuses of on-prem §3. */
  public enum Status {
    /** On the network; {@code waId} is its account. */
    VALID,
    /** Not on the network, or not a phone number at all. */
    INVALID,
    /** Not known yet ({@code no_wait}); {@code waId} is the number's digits. */
    PROCESSING,
    /** The network could not be asked ({@code wait}). */
    FAILED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static ContactCheck valid(String input, String waId) {
    return new ContactCheck(input, Status.VALID, waId);
  }

  public static ContactCheck invalid(String input) {
    return new ContactCheck(input, Status.INVALID, null);
  }

  public static ContactCheck processing(String input, String digits) {
    return new ContactCheck(input, Status.PROCESSING, digits);
  }

  public static ContactCheck failed(String input) {
    return new ContactCheck(input, Status.FAILED, null);
  }
}
