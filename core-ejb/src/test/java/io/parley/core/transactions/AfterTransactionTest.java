package io.parley.core.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AfterTransactionTest {

  @Test
  void runGoesAfterTheTransactionWhateverItsOutcome() {
    List<String> ran = new ArrayList<>();
    FakeTransaction committed = new FakeTransaction();
    AfterTransaction.run(committed, () -> ran.add("committed"));
    FakeTransaction rolledBack = new FakeTransaction();
    AfterTransaction.run(rolledBack, () -> ran.add("rolled back"));

    assertEquals(List.of(), ran, "nothing runs before the end");
    committed.end();
    rolledBack.rollBack();
    assertEquals(List.of("committed", "rolled back"), ran);
  }

  @Test
  void onCommitGoesOnlyAfterACommit() {
    List<String> ran = new ArrayList<>();
    FakeTransaction committed = new FakeTransaction();
    AfterTransaction.onCommit(committed, () -> ran.add("committed"));
    FakeTransaction rolledBack = new FakeTransaction();
    AfterTransaction.onCommit(rolledBack, () -> ran.add("rolled back"));

    assertEquals(List.of(), ran, "nothing runs before the end");
    rolledBack.rollBack();
    committed.end();
    assertEquals(List.of("committed"), ran);
  }

  @Test
  void withoutATransactionNothingIsRegistered() {
    List<String> ran = new ArrayList<>();
    AfterTransaction.run(FakeTransaction.NONE, () -> ran.add("run"));
    AfterTransaction.onCommit(FakeTransaction.NONE, () -> ran.add("on commit"));
    assertEquals(List.of(), ran);
  }
}
