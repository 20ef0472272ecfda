package io.parley.core.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.transactions.FakeTransaction;
import io.parley.persistence.users.Role;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

  private static final Caller ADA = new Caller("ada", Role.ADMIN);
  private static final long FAR = Long.MAX_VALUE;

  private final TokenCache cache = new TokenCache();
  private final AtomicInteger lookUps = new AtomicInteger();

  TokenCacheTest() {
    cache.transactions = FakeTransaction.NONE;
  }

  private TokenCache.ValidToken valid() {
    lookUps.incrementAndGet();
    return new TokenCache.ValidToken(ADA, FAR);
  }

  private static TokenCache.ValidToken revoked() {
    throw new IllegalStateException("revoked");
  }

  @Test
  void aTokenFoundValidIsNotLookedUpAgainWhileFresh() {
    cache.caller("digest", this::valid);

    assertEquals(ADA, cache.caller("digest", this::valid));
    assertEquals(1, lookUps.get());
  }

  @Test
  void aRevocationEmptiesTheCache() {
    cache.caller("digest", this::valid);

    cache.invalidateAll();

    assertThrows(
        IllegalStateException.class, () -> cache.caller("digest", TokenCacheTest::revoked));
  }

  @Test
  void aLookUpThatOverlapsARevocationIsAnsweredButNotKept() {
    Caller overlapping =
        cache.caller(
            "digest",
            () -> {
              cache.invalidateAll();
              return valid();
            });

    assertEquals(ADA, overlapping);
    assertThrows(
        IllegalStateException.class, () -> cache.caller("digest", TokenCacheTest::revoked));
  }

  @Test
  void aLookUpDuringTheRevokingTransactionIsDroppedWhenItEnds() {
    FakeTransaction revoking = new FakeTransaction();
    cache.transactions = revoking;
    cache.invalidateAll();
    cache.transactions = FakeTransaction.NONE;
    cache.caller("digest", this::valid);

    revoking.end();

    assertThrows(
        IllegalStateException.class, () -> cache.caller("digest", TokenCacheTest::revoked));
  }
}
