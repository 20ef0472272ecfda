package io.parley.core.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  private final ExecutorService callers = Executors.newFixedThreadPool(12);

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  @Test
  void aLoneItemIsCommittedAloneBeforeSubmitReturns() {
    List<List<String>> commits = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<String> group = new GroupCommit<>(50, commits::add);

    group.submit("a");

    assertEquals(List.of(List.of("a")), commits);
  }

  @Test
  void itemsSubmittedWhileACommitLingersShareIt() throws Exception {
    List<List<String>> commits = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<String> group = new GroupCommit<>(50, 1, Duration.ofMillis(500), commits::add);

    Future<?> first = callers.submit(() -> group.submit("a"));
    Thread.sleep(100);
    Future<?> second = callers.submit(() -> group.submit("b"));
    first.get(5, TimeUnit.SECONDS);
    second.get(5, TimeUnit.SECONDS);

    assertEquals(List.of(List.of("a", "b")), commits);
  }

  @Test
  void aLingeringCommitStartsAtOnceWhenAWholeBatchWaits() throws Exception {
    List<List<Integer>> commits = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> group = new GroupCommit<>(3, 1, Duration.ofSeconds(30), commits::add);

    List<Future<?>> submits = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int item = i;
      submits.add(callers.submit(() -> group.submit(item)));
    }
    for (Future<?> submit : submits) {
      submit.get(5, TimeUnit.SECONDS);
    }

    assertEquals(1, commits.size(), "commits: " + commits);
    assertEquals(Set.of(0, 1, 2), Set.copyOf(commits.get(0)));
  }

  @Test
  void itemsSubmittedDuringACommitShareTheNextAndReturnOnlyAfterIt() throws Exception {
    Gate gate = new Gate(1);
    List<List<Integer>> commits = Collections.synchronizedList(new ArrayList<>());
    Set<Integer> committed = ConcurrentHashMap.newKeySet();
    GroupCommit<Integer> group =
        new GroupCommit<>(
            50,
            batch -> {
              if (batch.contains(0)) {
                gate.hold();
              }
              commits.add(List.copyOf(batch));
              committed.addAll(batch);
            });

    Future<Boolean> first = callers.submit(() -> submitAndCheck(group, 0, committed));
    gate.awaitReached();
    List<Future<Boolean>> others = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      int item = i;
      others.add(callers.submit(() -> submitAndCheck(group, item, committed)));
    }
    // Give every caller time to queue behind the running commit.
    waitUntilQueued(others);
    gate.open();

    assertTrue(first.get(5, TimeUnit.SECONDS));
    for (Future<Boolean> other : others) {
      assertTrue(other.get(5, TimeUnit.SECONDS), "a caller returned before its commit");
    }
    assertEquals(2, commits.size(), "commits: " + commits);
    assertEquals(List.of(0), commits.get(0));
    assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), Set.copyOf(commits.get(1)));
  }

  @Test
  void aBatchNeverHoldsMoreThanTheLimit() throws Exception {
    Gate gate = new Gate(1);
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> group =
        new GroupCommit<>(
            3,
            batch -> {
              if (batch.contains(0)) {
                gate.hold();
              }
              sizes.add(batch.size());
            });
    List<Future<?>> all = new ArrayList<>();
    all.add(callers.submit(() -> group.submit(0)));
    gate.awaitReached();
    for (int i = 1; i <= 7; i++) {
      int item = i;
      all.add(callers.submit(() -> group.submit(item)));
    }
    Thread.sleep(200);
    gate.open();
    for (Future<?> f : all) {
      f.get(5, TimeUnit.SECONDS);
    }

    assertEquals(8, sizes.stream().mapToInt(Integer::intValue).sum());
    assertTrue(sizes.stream().allMatch(size -> size <= 3), "batch sizes " + sizes);
  }

  @Test
  void aFailedCommitFailsEveryItemInItAndTheNextCommitStillRuns() {
    IllegalStateException failure = new IllegalStateException("rolled back");
    List<String> committed = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<String> group =
        new GroupCommit<>(
            50,
            batch -> {
              if (batch.contains("bad")) {
                throw failure;
              }
              committed.addAll(batch);
            });

    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> group.submit("bad"));
    group.submit("good");

    assertSame(failure, thrown);
    assertEquals(List.of("good"), committed);
  }

  @Test
  void withTwoLanesANewItemIsCommittedWhileAnEarlierCommitStillRuns() throws Exception {
    Gate gate = new Gate(1);
    List<List<Integer>> commits = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> group =
        new GroupCommit<>(
            50,
            2,
            batch -> {
              if (batch.contains(0)) {
                gate.hold();
              }
              commits.add(List.copyOf(batch));
            });

    Future<?> first = callers.submit(() -> group.submit(0));
    gate.awaitReached();
    callers.submit(() -> group.submit(1)).get(5, TimeUnit.SECONDS);

    assertEquals(List.of(List.of(1)), commits);
    assertFalse(first.isDone(), "the first caller returned before its commit");
    gate.open();
    first.get(5, TimeUnit.SECONDS);
    assertEquals(List.of(List.of(1), List.of(0)), commits);
  }

  @Test
  void withEveryLaneBusyNewItemsWaitAndShareTheNextCommit() throws Exception {
    Gate gate = new Gate(2);
    List<List<Integer>> commits = Collections.synchronizedList(new ArrayList<>());
    Set<Integer> committed = ConcurrentHashMap.newKeySet();
    GroupCommit<Integer> group =
        new GroupCommit<>(
            50,
            2,
            batch -> {
              if (batch.contains(0) || batch.contains(1)) {
                gate.hold();
              }
              commits.add(List.copyOf(batch));
              committed.addAll(batch);
            });

    List<Future<Boolean>> busy = new ArrayList<>();
    busy.add(callers.submit(() -> submitAndCheck(group, 0, committed)));
    busy.add(callers.submit(() -> submitAndCheck(group, 1, committed)));
    gate.awaitReached();
    List<Future<Boolean>> later = new ArrayList<>();
    for (int i = 2; i <= 6; i++) {
      int item = i;
      later.add(callers.submit(() -> submitAndCheck(group, item, committed)));
    }
    waitUntilQueued(later);
    gate.open();

    for (Future<Boolean> caller : busy) {
      assertTrue(caller.get(5, TimeUnit.SECONDS));
    }
    for (Future<Boolean> caller : later) {
      assertTrue(caller.get(5, TimeUnit.SECONDS), "a caller returned before its commit");
    }
    assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6), committed);
    assertTrue(commits.size() <= 4, "commits: " + commits);
  }

  /** Holds the commits that reach it until it is opened. */
  private static final class Gate {
    private final CountDownLatch reached;
    private final CountDownLatch opened = new CountDownLatch(1);

    Gate(int commits) {
      reached = new CountDownLatch(commits);
    }

    /** Called inside a commit: waits there until the gate opens. */
    void hold() {
      reached.countDown();
      await(opened);
    }

    void awaitReached() throws InterruptedException {
      assertTrue(reached.await(5, TimeUnit.SECONDS));
    }

    void open() {
      opened.countDown();
    }
  }

  private static boolean submitAndCheck(GroupCommit<Integer> group, int item, Set<Integer> done) {
    group.submit(item);
    return done.contains(item);
  }

  private static void waitUntilQueued(List<Future<Boolean>> callers) throws InterruptedException {
    Thread.sleep(200);
    for (Future<Boolean> caller : callers) {
      assertFalse(caller.isDone(), "a caller returned while the commit before it still ran");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
