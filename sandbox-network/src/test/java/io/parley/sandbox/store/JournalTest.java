package io.parley.sandbox.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  @Test
  void whatWasCommittedIsThereAfterReopening() throws Exception {
    try (Journal journal = Journal.open(dir)) {
      journal.put("a/1", "one").join();
      journal.put("a/2", "two").join();
      journal.put("b/1", "three").join();
      journal.put("a/1", "uno").join();
      journal.delete("a/2").join();
    }
    try (Journal journal = Journal.open(dir)) {
      assertEquals("uno", text(journal.get("a/1")));
      assertNull(journal.get("a/2"));
      assertEquals(List.of("a/1"), List.copyOf(journal.prefixed("a/").keySet()));
      assertEquals(2, journal.size());
    }
  }

  @Test
  void aTornLastRecordIsCutOffAndLaterWritesFollowTheGoodOnes() throws Exception {
    try (Journal journal = Journal.open(dir)) {
      journal.put("k", "kept").join();
    }
    Path log = dir.resolve("journal.log");
    long good = Files.size(log);
    Files.write(log, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);

    try (Journal journal = Journal.open(dir)) {
      assertEquals("kept", text(journal.get("k")));
      assertEquals(good, Files.size(log));
      journal.put("after", "crash").join();
    }
    try (Journal journal = Journal.open(dir)) {
      assertEquals("crash", text(journal.get("after")));
    }
  }

  @Test
  void aCorruptedRecordEndsTheReplayThere() throws Exception {
    try (Journal journal = Journal.open(dir)) {
      journal.put("first", "1").join();
      journal.put("second", "2").join();
    }
    Path log = dir.resolve("journal.log");
    byte[] bytes = Files.readAllBytes(log);
    bytes[bytes.length - 1] ^= 0x55;
    Files.write(log, bytes);

    try (Journal journal = Journal.open(dir)) {
      assertEquals("1", text(journal.get("first")));
      assertNull(journal.get("second"));
    }
  }

  @Test
  void compactionRewritesTheLogToTheLiveEntries() throws Exception {
    byte[] big = new byte[1000];
    try (Journal journal = Journal.open(dir, 64 * 1024)) {
      for (int i = 0; i < 500; i++) {
        journal.put("churn", big).join();
      }
      journal.put("keep", "me").join();
      journal.put("churn", "last").join();
      assertTrue(Files.size(dir.resolve("journal.log")) < 64 * 1024, "compacted");
    }
    try (Journal journal = Journal.open(dir)) {
      assertEquals("last", text(journal.get("churn")));
      assertEquals("me", text(journal.get("keep")));
    }
  }

  @Test
  void concurrentWritersAreGroupCommitted() throws Exception {
    try (Journal journal = Journal.open(dir)) {
      CompletableFuture<?>[] writes = new CompletableFuture<?>[2000];
      for (int i = 0; i < writes.length; i++) {
        writes[i] = journal.put("m/" + i, new byte[] {(byte) i});
      }
      CompletableFuture.allOf(writes).join();
      assertTrue(
          journal.syncs() < writes.length, "fewer disk syncs than writes: " + journal.syncs());
    }
    try (Journal journal = Journal.open(dir)) {
      assertEquals(2000, journal.prefixed("m/").size());
      assertArrayEquals(new byte[] {(byte) 1999}, journal.get("m/1999"));
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
