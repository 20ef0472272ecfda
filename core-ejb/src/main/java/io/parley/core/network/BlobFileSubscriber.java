package io.parley.core.network;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Writes a response body to a file as it arrives, one part at a time (so memory holds a few of the
 * client's buffers, whatever the size), and stops as soon as it passes {@code maxBytes}: the
 * subscription is cancelled, the rest is never read, and the body completes with a {@link
 * BlobDownloadException} of kind {@code TOO_LARGE}. The body's value is the number of bytes
 * written.
 */
final class BlobFileSubscriber implements HttpResponse.BodySubscriber<Long> {

  private final Path target;
  private final long maxBytes;
  private final CompletableFuture<Long> body = new CompletableFuture<>();
  private FileChannel channel;
  private Flow.Subscription subscription;
  private long written;

  BlobFileSubscriber(Path target, long maxBytes) {
    this.target = target;
    this.maxBytes = maxBytes;
  }

  @Override
  public CompletionStage<Long> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    try {
      channel =
          FileChannel.open(
              target,
              StandardOpenOption.WRITE,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      subscription.cancel();
      body.completeExceptionally(e);
      return;
    }
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    try {
      for (ByteBuffer buffer : buffers) {
        written += buffer.remaining();
        if (written > maxBytes) {
          subscription.cancel();
          fail(
              new BlobDownloadException(
                  BlobDownloadException.Kind.TOO_LARGE,
                  "the blob is longer than " + maxBytes + " bytes"));
          return;
        }
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    } catch (IOException e) {
      subscription.cancel();
      fail(e);
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable failure) {
    fail(failure);
  }

  @Override
  public void onComplete() {
    if (body.isDone()) {
      return;
    }
    try {
      channel.close();
      body.complete(written);
    } catch (IOException e) {
      body.completeExceptionally(e);
    }
  }

  private void fail(Throwable failure) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
    body.completeExceptionally(failure);
  }
}
