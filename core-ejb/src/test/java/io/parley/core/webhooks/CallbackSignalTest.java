package io.parley.core.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallbackSignalTest {

  private final AtomicInteger sent = new AtomicInteger();
  private final WebhookSender sender = new WebhookSender();
  private final CallbackSignal signal = new CallbackSignal();

  @BeforeEach
  void wire() {
    signal.sender = sender;
    signal.executor = runningAtOnce();
    signal.queue =
        new CallbackQueue() {
          @Override
          public void signal() {
            sent.incrementAndGet();
          }
        };
  }

  @Test
  void aSignalWithNoDeliveryRunningIsSent() {
    signal.signal();

    assertEquals(1, sent.get());
  }

  @Test
  void signalsAreCoalescedUntilOneIsTaken() {
    signal.signal();
    signal.signal();
    signal.taken();
    signal.signal();

    assertEquals(2, sent.get());
  }

  @Test
  void aSignalIsHeldBackWhileADeliveryTakesShortBatchesAndSentWhenItEnds() {
    startDelivery(false);

    signal.signal();
    signal.signal();
    int whileDelivering = sent.get();
    signal.drained(false);

    assertEquals(0, whileDelivering);
    assertEquals(1, sent.get());
  }

  @Test
  void aDeliveryThatTookShortBatchesAndHeldNothingBackEndsQuietly() {
    startDelivery(false);

    signal.drained(false);

    assertEquals(0, sent.get());
  }

  @Test
  void aSignalStartsAnotherDeliveryWhileBatchesComeBackFull() {
    startDelivery(true);

    signal.signal();

    assertEquals(1, sent.get());
  }

  @Test
  void noSignalIsSentWhileEveryPermitIsTakenButOneIsWhenAPermitIsReleased() {
    startDelivery(true);
    sender.tryAcquire(1);

    signal.signal();
    int whileSaturated = sent.get();
    sender.release();
    signal.drained(false);

    assertEquals(0, whileSaturated);
    assertEquals(1, sent.get());
  }

  /** A delivery holding a permit (of two) that has claimed a full or a short batch. */
  private void startDelivery(boolean fullBatch) {
    sender.tryAcquire(2);
    signal.draining();
    signal.claimed(fullBatch);
  }

  private static ManagedExecutorService runningAtOnce() {
    return (ManagedExecutorService)
        Proxy.newProxyInstance(
            CallbackSignalTest.class.getClassLoader(),
            new Class<?>[] {ManagedExecutorService.class},
            (proxy, method, args) -> {
              if (method.getName().equals("execute")) {
                ((Runnable) args[0]).run();
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
