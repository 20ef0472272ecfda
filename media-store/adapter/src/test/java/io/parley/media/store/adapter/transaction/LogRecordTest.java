package io.parley.media.store.adapter.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.media.store.adapter.testing.TestXid;
import io.parley.media.store.adapter.volume.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRecordTest {

  private static final String STAGING =
      "6f1c2b1e-0d8e-4a52-9a43-3b6d8f0a9e11/9b2e6d4c-1f3a-4b5c-8d7e-0a1b2c3d4e5f.part";

  @Test
  void recordReadsBackAsWritten() throws Exception {
    // given
    LogRecord record =
        new LogRecord(
            LogRecord.State.PREPARED,
            XidKey.of(TestXid.next()),
            List.of(new Change.Put("photo.jpg", STAGING), new Change.Delete("old.jpg")));

    // when
    LogRecord read = LogRecord.parse(record.format().lines().toList());

    // then
    assertEquals(record, read);
  }

  @Test
  void recordWithoutItsEndIsRefusedAsTorn() throws Exception {
    // given
    LogRecord record =
        new LogRecord(
            LogRecord.State.COMMITTING,
            XidKey.of(TestXid.next()),
            List.of(new Change.Put("a.jpg", STAGING), new Change.Put("b.jpg", STAGING)));
    List<String> lines = record.format().lines().toList();

    // when
    List<String> torn = lines.subList(0, lines.size() - 2);

    // then
    assertThrows(IllegalArgumentException.class, () -> LogRecord.parse(torn));
  }

  @Test
  void somethingElseIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> LogRecord.parse(List.of("hello", "a", "b", "c")));
  }
}
