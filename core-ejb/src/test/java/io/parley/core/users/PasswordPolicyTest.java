package io.parley.core.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  @Test
  void passwordWithEveryClassIsAccepted() {
    assertNull(PasswordPolicy.violation("Abcdef1!"));
  }

  @Test
  void lengthBoundsAreEightAndSixtyFour() {
    assertNotNull(PasswordPolicy.violation("Abcde1!"));
    assertNull(PasswordPolicy.violation("Abcdef1!"));
    assertNull(PasswordPolicy.violation("Aa1!" + "x".repeat(60)));
    assertNotNull(PasswordPolicy.violation("Aa1!" + "x".repeat(61)));
  }

  @Test
  void eachCharacterClassIsRequired() {
    assertNotNull(PasswordPolicy.violation("abcdef1!"), "no uppercase");
    assertNotNull(PasswordPolicy.violation("ABCDEF1!"), "no lowercase");
    assertNotNull(PasswordPolicy.violation("Abcdefg!"), "no digit");
    assertNotNull(PasswordPolicy.violation("Abcdefg1"), "no special");
  }

  @Test
  void everyListedSpecialCounts() {
    for (char special : PasswordPolicy.SPECIALS.toCharArray()) {
      assertNull(PasswordPolicy.violation("Abcdef1" + special), "special " + special);
    }
  }

  @Test
  void charactersOutsideTheSetAreRefused() {
    assertNotNull(PasswordPolicy.violation("Abcdef1! "), "space");
    assertNotNull(PasswordPolicy.violation("Abcdéf1!"), "accented letter");
  }

  @Test
  void checkRaises1009() {
    ApiException failure = assertThrows(ApiException.class, () -> PasswordPolicy.check("weak"));

    assertEquals(ErrorCode.INVALID_PARAMETER, failure.errorCode());
  }
}
