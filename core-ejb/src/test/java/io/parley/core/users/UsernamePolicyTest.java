package io.parley.core.users;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UsernamePolicyTest {

  @Test
  void urlSafeNamesOfFourToThirtyTwoCharactersAreAccepted() {
    assertNull(UsernamePolicy.violation("abcd"));
    assertNull(UsernamePolicy.violation("ops.team-1_x~"));
    assertNull(UsernamePolicy.violation("a".repeat(32)));
  }

  @Test
  void tooShortOrTooLongIsRefused() {
    assertNotNull(UsernamePolicy.violation("abc"));
    assertNotNull(UsernamePolicy.violation("a".repeat(33)));
  }

  @Test
  void charactersChangedByUrlEncodingAreRefused() {
    assertNotNull(UsernamePolicy.violation("with space"));
    assertNotNull(UsernamePolicy.violation("slash/name"));
    assertNotNull(UsernamePolicy.violation("plus+name"));
    assertNotNull(UsernamePolicy.violation("émile"));
  }

  @Test
  void apiKeyPrincipalIsReserved() {
    assertNotNull(UsernamePolicy.violation("_apiuser"));
  }
}
