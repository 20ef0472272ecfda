package io.parley.core.messages;

import io.parley.core.transactions.GroupCommit;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Duration;

/**
 * Group commit of the network's answers ({@link GroupCommit}): the outbound consumers that got
 * their answer while a commit was running, or during its {@link #LINGER}, share the next
 * transaction ({@link StatusService#answered}). Each consumer returns only once its answer is
 * committed, so its delivery (which then holds nothing but the broker's part) acknowledges the
 * queue message after the status is recorded, and a crash in between sends the message again, which
 * the network recognises by its id.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StatusRecorder {

  static final int MAX_BATCH = 50;

  /**
   * How long a commit waits for more answers. The answers come one by one as the network
   * acknowledges the sends; without the wait nearly every answer had a transaction of its own (and
   * a callback row of its own), the largest share of the database's transactions at 250 messages a
   * second. The consumers wait that much longer; the {@code sent} status comes that much later.
   */
  static final Duration LINGER = Duration.ofMillis(10);

  @EJB StatusService statuses;

  private GroupCommit<StatusService.Answer> group;

  @PostConstruct
  void start() {
    group = new GroupCommit<>(MAX_BATCH, 1, LINGER, batch -> statuses.answered(batch));
  }

  /** Records the network's answer to a message sent; returns once it is committed. */
  public void answered(StatusService.Answer answer) {
    group.submit(answer);
  }
}
