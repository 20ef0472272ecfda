package io.parley.core.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageIdTest {

  @Test
  void idsOfLaterMessagesSortAfterEarlierOnesWhateverTheCase() {
    long start = 1_795_000_000_000L;
    String previous = MessageService.newId(start);
    for (long millis = start + 1; millis < start + 100_000; millis += 997) {
      String next = MessageService.newId(millis);

      assertTrue(next.compareTo(previous) > 0, previous + " then " + next);
      assertTrue(
          next.toUpperCase(Locale.ROOT).compareTo(previous.toUpperCase(Locale.ROOT)) > 0,
          "case-insensitively: " + previous + " then " + next);
      previous = next;
    }
  }

  @Test
  void idsMadeInTheSameMillisecondDiffer() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(MessageService.newId(1_795_000_000_000L).toLowerCase(Locale.ROOT));
    }

    assertEquals(10_000, ids.size());
  }

  @Test
  void anIdIsWamidTimeAndRandomPartOfFixedLength() {
    String id = MessageService.newId(1_795_000_000_000L);

    assertTrue(id.matches("wamid\\.[0-9a-v]{9}[A-Za-z0-9_-]{20}"), id);
    assertNotEquals(id, MessageService.newId(1_795_000_000_000L));
  }
}
