package io.parley.core.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "16315551000|16315551000",
        "+1 631 555 1001|16315551001",
        "+1 (631) 555-1002|16315551002",
        "1.631.555.1003|16315551003",
        "1-631-555-1004|16315551004",
        "'  +44 7700 900101  '|447700900101",
        "+54 9 11 5612-1008|5491156121008",
        "123456|123456",
        "123456789012345|123456789012345"
      })
  void humanFormatsAreReducedToTheirDigits(String input, String digits) {
    assertEquals(Optional.of(digits), PhoneNumbers.digits(input));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "+-() .",
        "not a number",
        "1-800-FLOWERS",
        "16315551000 ext 12",
        "16315551000#",
        "12345",
        "1234567890123456",
        "１６３１５５５１０００"
      })
  void anythingElseIsNotAPhoneNumber(String input) {
    assertTrue(PhoneNumbers.digits(input).isEmpty(), () -> input + " was taken for a number");
  }
}
