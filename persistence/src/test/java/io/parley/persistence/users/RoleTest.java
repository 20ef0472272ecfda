package io.parley.persistence.users;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoleTest {

  @Test
  void adminIncludesEveryRole() {
    assertTrue(Role.ADMIN.includes(Role.ADMIN));
    assertTrue(Role.ADMIN.includes(Role.USER));
    assertTrue(Role.ADMIN.includes(Role.API));
  }

  @Test
  void userIncludesApiButNotAdmin() {
    assertTrue(Role.USER.includes(Role.API));
    assertFalse(Role.USER.includes(Role.ADMIN));
  }

  @Test
  void apiReachesOnlyApi() {
    assertTrue(Role.API.includes(Role.API));
    assertFalse(Role.API.includes(Role.USER));
  }
}
