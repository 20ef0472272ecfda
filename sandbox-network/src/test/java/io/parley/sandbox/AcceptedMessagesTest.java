package io.parley.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.protocol.wire.ErrorCodes;
import io.parley.sandbox.store.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory of accepted message ids on its own, with the times and the storing of a copy under the
 * test's control: copies in flight, refusals, failures, reopening the journal and expiry.
 */
class AcceptedMessagesTest {

  private static final String BUSINESS = "15550001111";
  private static final String ID = "wamid.first";

  @TempDir Path data;
  private Journal journal;
  private AcceptedMessages accepted;

  @BeforeEach
  void open() throws IOException {
    journal = Journal.open(data);
    accepted = new AcceptedMessages(journal);
  }

  @AfterEach
  void close() throws IOException {
    journal.close();
  }

  @Test
  void aCopyArrivingWhileTheFirstIsBeingStoredGetsTheFirstOnesAnswer() {
    assertNull(accepted.claim(BUSINESS, ID));
    CompletableFuture<Integer> stored = new CompletableFuture<>();
    CompletableFuture<Integer> answer = accepted.accepted(BUSINESS, ID, 1_000, stored);

    CompletableFuture<Integer> resent = accepted.claim(BUSINESS, ID);

    assertNotNull(resent);
    assertFalse(resent.isDone());
    stored.complete(ErrorCodes.OK);
    assertEquals(ErrorCodes.OK, answer.join());
    assertEquals(ErrorCodes.OK, resent.join());
    assertEquals(ErrorCodes.OK, accepted.claim(BUSINESS, ID).join());
  }

  @Test
  void aRefusedCopyIsNotRemembered() {
    assertNull(accepted.claim(BUSINESS, ID));
    CompletableFuture<Integer> waiting = accepted.claim(BUSINESS, ID);

    accepted.refused(BUSINESS, ID, ErrorCodes.REENGAGEMENT);

    assertEquals(ErrorCodes.REENGAGEMENT, waiting.join());
    assertNull(accepted.claim(BUSINESS, ID));
  }

  @Test
  void aCopyWhoseCheckFailedIsNotRemembered() {
    assertNull(accepted.claim(BUSINESS, ID));
    CompletableFuture<Integer> waiting = accepted.claim(BUSINESS, ID);

    accepted.failed(BUSINESS, ID, new IllegalStateException("journal closed"));

    assertThrows(CompletionException.class, waiting::join);
    assertNull(accepted.claim(BUSINESS, ID));
  }

  @Test
  void aCopyThatCouldNotBeStoredIsNotRemembered() {
    assertNull(accepted.claim(BUSINESS, ID));
    CompletableFuture<Integer> stored = new CompletableFuture<>();
    CompletableFuture<Integer> answer = accepted.accepted(BUSINESS, ID, 1_000, stored);

    stored.completeExceptionally(new IOException("disk full"));

    assertThrows(CompletionException.class, answer::join);
    assertNull(accepted.claim(BUSINESS, ID));
    assertEquals(0, journal.prefixed("sent/").size());
  }

  @Test
  void anAcceptedIdIsRememberedAcrossReopeningUntilItIsDue() throws IOException {
    assertNull(accepted.claim(BUSINESS, ID));
    accepted.accepted(BUSINESS, ID, 1_000, CompletableFuture.completedFuture(ErrorCodes.OK)).join();
    journal.close();
    open();

    assertEquals(ErrorCodes.OK, accepted.claim(BUSINESS, ID).join());
    assertEquals(0, accepted.expire(999));
    assertEquals(1, accepted.expire(1_000));
    assertNull(accepted.claim(BUSINESS, ID));
    assertEquals(0, journal.prefixed("sent/").size());
  }

  @Test
  void theSweepTakesOutOnlyWhatIsDueInOrderOfExpiry() {
    for (long until : new long[] {3_000, 1_000, 2_000}) {
      String id = "wamid." + until;
      assertNull(accepted.claim(BUSINESS, id));
      accepted
          .accepted(BUSINESS, id, until, CompletableFuture.completedFuture(ErrorCodes.OK))
          .join();
    }

    assertEquals(2, accepted.expire(2_500));

    assertEquals(1, accepted.size());
    assertNull(accepted.claim(BUSINESS, "wamid.1000"));
    assertEquals(ErrorCodes.OK, accepted.claim(BUSINESS, "wamid.3000").join());
  }
}
