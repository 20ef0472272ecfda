package io.parley.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardsTest {

  @Test
  void onlyPowersOfTwoUpTo32AreShardCounts() {
    for (int count : new int[] {1, 2, 4, 8, 16, 32}) {
      assertTrue(Shards.valid(count), count + " refused");
    }
    for (int count : new int[] {-1, 0, 3, 6, 12, 33, 64}) {
      assertFalse(Shards.valid(count), count + " accepted");
    }
    assertThrows(IllegalArgumentException.class, () -> Shards.of("15551234567", 3));
  }

  @Test
  void theShardIsTheCrc32OfTheNumberModuloTheCount() {
    // CRC-32 of "123456789" is the standard check value 0xCBF43926 = 3421780262.
    assertEquals(3421780262L % 32, Shards.of("123456789", 32));
    assertEquals(3421780262L % 4, Shards.of("123456789", 4));
    assertEquals(0, Shards.of("123456789", 1));
  }

  @Test
  void numbersSpreadOverEveryShard() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      seen.add(Shards.of("4477009" + (10000 + i), 8));
    }
    assertEquals(8, seen.size(), "shards used: " + seen);
  }
}
