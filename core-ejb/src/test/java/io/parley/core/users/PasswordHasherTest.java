package io.parley.core.users;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void hashIsArgon2idInPhcFormatAndVerifies() {
    String hash = hasher.hash("Correct-Horse-1");

    assertTrue(hash.startsWith("$argon2id$v=19$m="), hash);
    assertTrue(hasher.verify("Correct-Horse-1", hash));
  }

  @Test
  void wrongPasswordDoesNotVerify() {
    assertFalse(hasher.verify("Correct-Horse-2", hasher.hash("Correct-Horse-1")));
  }

  @Test
  void samePasswordGetsAFreshSalt() {
    assertNotEquals(hasher.hash("Same-Pass-1"), hasher.hash("Same-Pass-1"));
  }

  @Test
  void malformedHashesNeverVerify() {
    assertFalse(hasher.verify("x", ""));
    assertFalse(hasher.verify("x", "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA"));
    assertFalse(hasher.verify("x", "$argon2id$v=19$m=oops,t=1,p=1$AAAA$AAAA"));
    assertFalse(hasher.verify("x", "$argon2id$v=19$m=8,t=1,p=1$!!!$AAAA"));
  }
}
