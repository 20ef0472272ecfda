package io.parley.core.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void itemsSubmittedDuringACommitShareTheNextAndReturnOnlyAfterIt() throws Exception {
    CountDownLatch firstCommitStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstCommit = new CountDownLatch(1);
    List<List<Integer>> commits = Collections.synchronizedList(new ArrayList<>());
    Set<Integer> committed = ConcurrentHashMap.newKeySet();
    GroupCommit<Integer> group =
        new GroupCommit<>(
            50,
            batch -> {
              if (batch.contains(0)) {
                firstCommitStarted.countDown();
                await(releaseFirstCommit);
              }
              commits.add(List.copyOf(batch));
              committed.addAll(batch);
            });

    Future<Boolean> first = callers.submit(() -> submitAndCheck(group, 0, committed));
    assertTrue(firstCommitStarted.await(5, TimeUnit.SECONDS));
    List<Future<Boolean>> others = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      int item = i;
      others.add(callers.submit(() -> submitAndCheck(group, item, committed)));
    }
    // Give every caller time to queue behind the running commit.
    waitUntilQueued(others);
    releaseFirstCommit.countDown();

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
    CountDownLatch releaseFirstCommit = new CountDownLatch(1);
    CountDownLatch firstCommitStarted = new CountDownLatch(1);
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> group =
        new GroupCommit<>(
            3,
            batch -> {
              if (batch.contains(0)) {
                firstCommitStarted.countDown();
                await(releaseFirstCommit);
              }
              sizes.add(batch.size());
            });
    List<Future<?>> all = new ArrayList<>();
    all.add(callers.submit(() -> group.submit(0)));
    assertTrue(firstCommitStarted.await(5, TimeUnit.SECONDS));
    for (int i = 1; i <= 7; i++) {
      int item = i;
      all.add(callers.submit(() -> group.submit(item)));
    }
    Thread.sleep(200);
    releaseFirstCommit.countDown();
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
