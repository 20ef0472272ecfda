package io.parley.sandbox;

import io.parley.protocol.wire.ErrorCodes;
import io.parley.sandbox.store.Journal;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;

/**
 * The business messages the network accepted, remembered by business and message id so that a
 * resend is answered with the first copy's OK and not relayed again: a client that crashed after
 * sending a message but before recording the ack sends it again with the same id (and new
 * ciphertext). Each accepted id is kept in the journal under {@code sent/<business>/<message id>}
 * with the time until which it is remembered, and forgotten by the sweep after that. While a copy
 * is being checked and stored, a second copy gets the first one's outcome.
 *
 * <p>Lookups read the journal's in-memory map; what this class adds in memory is the copies in
 * flight and the remembered ids ordered by expiry, so the sweep takes out only what is due.
 */
final class AcceptedMessages {

  private static final String PREFIX = "sent/";

  private record Remembered(String key, long until) {}

  private final Journal journal;
  private final Map<String, CompletableFuture<Integer>> inFlight = new ConcurrentHashMap<>();
  private final PriorityBlockingQueue<Remembered> byExpiry =
      new PriorityBlockingQueue<>(64, Comparator.comparingLong(Remembered::until));

  AcceptedMessages(Journal journal) {
    this.journal = journal;
    for (Map.Entry<String, byte[]> entry : journal.prefixed(PREFIX).entrySet()) {
      byExpiry.add(new Remembered(entry.getKey(), ByteBuffer.wrap(entry.getValue()).getLong()));
    }
  }

  /**
   * Claims message {@code messageId} of {@code business}: {@code null} if this copy is the first,
   * which the caller must then settle with {@link #accepted}, {@link #refused} or {@link #failed};
   * otherwise the outcome of the copy that came first (OK once it is stored; a refusal, or a
   * failure, is not remembered, so a copy that gets one should be checked afresh). A message
   * without an id is never taken for a resend.
   */
  CompletableFuture<Integer> claim(String business, String messageId) {
    if (messageId.isEmpty()) {
      return null;
    }
    String key = key(business, messageId);
    CompletableFuture<Integer> mine = new CompletableFuture<>();
    CompletableFuture<Integer> earlier = inFlight.putIfAbsent(key, mine);
    if (earlier != null) {
      return earlier;
    }
    // The mark is written before the copy leaves inFlight, so no accepted copy is missed here.
    if (journal.get(key) != null) {
      inFlight.remove(key, mine);
      mine.complete(ErrorCodes.OK);
      return mine;
    }
    return null;
  }

  /** The claimed copy was refused with {@code code}: it is not remembered. */
  void refused(String business, String messageId, int code) {
    CompletableFuture<Integer> outcome = inFlight.remove(key(business, messageId));
    if (outcome != null) {
      outcome.complete(code);
    }
  }

  /** Checking or storing the claimed copy failed: it is not remembered. */
  void failed(String business, String messageId, Throwable failure) {
    CompletableFuture<Integer> outcome = inFlight.remove(key(business, messageId));
    if (outcome != null) {
      outcome.completeExceptionally(failure);
    }
  }

  /**
   * The claimed copy was handed to its mailbox; {@code stored} completes with its code once it is
   * on disk. It is remembered until {@code until} (epoch millis). The answer for the client
   * completes once both the copy and the mark are on disk.
   */
  CompletableFuture<Integer> accepted(
      String business, String messageId, long until, CompletableFuture<Integer> stored) {
    if (messageId.isEmpty()) {
      return stored;
    }
    String key = key(business, messageId);
    CompletableFuture<Integer> outcome = inFlight.get(key);
    // Queued after the copy's own record, and the log is written in order: a crash between the two
    // can at worst let a resend through (no ack was sent yet), never answer OK for a lost copy.
    CompletableFuture<Void> marked =
        journal.put(key, ByteBuffer.allocate(Long.BYTES).putLong(until).array());
    stored
        .thenCombine(marked, (code, done) -> code)
        .whenComplete(
            (code, failure) -> {
              try {
                if (failure == null) {
                  byExpiry.add(new Remembered(key, until));
                } else {
                  journal.delete(key);
                }
              } finally {
                inFlight.remove(key, outcome);
                if (failure == null) {
                  outcome.complete(code);
                } else {
                  outcome.completeExceptionally(failure);
                }
              }
            });
    return outcome;
  }

  /** Forgets every message remembered until {@code now} or earlier; how many. */
  int expire(long now) {
    int forgotten = 0;
    for (Remembered next = byExpiry.peek();
        next != null && next.until() <= now;
        next = byExpiry.peek()) {
      // The queue's head only moves earlier, so what is taken is due as well.
      journal.delete(byExpiry.poll().key());
      forgotten++;
    }
    return forgotten;
  }

  /** How many messages are remembered. */
  int size() {
    return byExpiry.size();
  }

  private static String key(String business, String messageId) {
    return PREFIX + business + "/" + messageId;
  }
}
