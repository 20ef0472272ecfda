package io.parley.it.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import org.junit.jupiter.api.Test;

/** §1: 30 failed logins per hour per client, then 429/1015 for that client only. */
class LoginLimitIT extends ParleyIT {

  @Test
  void thirtyFailuresLockTheClientOutEvenWithTheRightPassword() {
    new ApiClient().asAdmin();
    ApiClient attacker = new ApiClient();
    for (int i = 0; i < 30; i++) {
      ApiClient.Response failed = attacker.login("admin", "Wrong-Passw0rd!" + i, null);
      assertEquals(401, failed.status(), "attempt " + i + ": " + failed.text());
    }

    ApiClient.Response locked = attacker.login("admin", ApiClient.ADMIN_PASSWORD, null);
    ApiClient.Response otherClient = new ApiClient().login("admin", ApiClient.ADMIN_PASSWORD, null);

    assertEquals(429, locked.status(), locked.text());
    assertEquals(1015, locked.errorCode());
    assertEquals(200, otherClient.status(), "another client is not locked out");
  }

  @Test
  void failuresBelowTheLimitDoNotLockOut() {
    new ApiClient().asAdmin();
    ApiClient client = new ApiClient();
    for (int i = 0; i < 29; i++) {
      client.login("admin", "Wrong-Passw0rd!" + i, null);
    }

    assertEquals(200, client.login("admin", ApiClient.ADMIN_PASSWORD, null).status());
  }
}
