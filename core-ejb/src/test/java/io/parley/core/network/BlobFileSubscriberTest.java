package io.parley.core.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a blob download writes its body: to the file part by part, and not a byte past the limit. */
class BlobFileSubscriberTest {

  @TempDir Path dir;

  /** The subscription the HTTP client would hand over: counts requests, remembers cancellation. */
  private static final class Subscription implements Flow.Subscription {
    long requested;
    boolean cancelled;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private final Subscription subscription = new Subscription();

  @Test
  void aBodyWithinTheLimitIsWrittenWholeAndCounted() throws Exception {
    Path target = dir.resolve("blob");
    BlobFileSubscriber body = new BlobFileSubscriber(target, 10);
    body.onSubscribe(subscription);

    body.onNext(List.of(bytes(1, 2, 3), bytes(4, 5)));
    body.onNext(List.of(bytes(6, 7, 8, 9, 10)));
    body.onComplete();

    assertEquals(10L, body.getBody().toCompletableFuture().get());
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Files.readAllBytes(target));
    assertEquals(3, subscription.requested, "one part at a time");
    assertFalse(subscription.cancelled);
  }

  @Test
  void aBodyPastTheLimitIsCancelledAndRefusedAsTooLarge() throws Exception {
    BlobFileSubscriber body = new BlobFileSubscriber(dir.resolve("blob"), 4);
    body.onSubscribe(subscription);

    body.onNext(List.of(bytes(1, 2, 3)));
    body.onNext(List.of(bytes(4, 5)));

    assertTrue(subscription.cancelled);
    assertEquals(2, subscription.requested, "nothing more is asked for");
    BlobDownloadException refusal = refusal(body);
    assertEquals(BlobDownloadException.Kind.TOO_LARGE, refusal.kind());
  }

  @Test
  void aFailedTransferFailsTheBody() {
    BlobFileSubscriber body = new BlobFileSubscriber(dir.resolve("blob"), 100);
    body.onSubscribe(subscription);
    body.onNext(List.of(bytes(1)));

    body.onError(new java.io.IOException("connection reset"));

    CompletableFuture<Long> result = body.getBody().toCompletableFuture();
    ExecutionException failure = assertThrows(ExecutionException.class, result::get);
    assertInstanceOf(java.io.IOException.class, failure.getCause());
  }

  private static BlobDownloadException refusal(BlobFileSubscriber body) {
    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> body.getBody().toCompletableFuture().get());
    return assertInstanceOf(BlobDownloadException.class, failure.getCause());
  }

  private static ByteBuffer bytes(int... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length);
    for (int value : values) {
      buffer.put((byte) value);
    }
    return buffer.flip();
  }
}
