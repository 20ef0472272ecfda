package io.parley.core.messages;

import io.parley.core.transactions.GroupCommit;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Group commit of the network's answers ({@link GroupCommit}): the outbound consumers that got
 * their answer while a commit was running share the next transaction ({@link
 * StatusService#answered}). Each consumer returns only once its answer is committed, so its
 * delivery (which then holds nothing but the broker's part) acknowledges the queue message after
 * the status is recorded, and a crash in between sends the message again, which the network
 * recognises by its id.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StatusRecorder {

  static final int MAX_BATCH = 50;

  @EJB StatusService statuses;

  private GroupCommit<StatusService.Answer> group;

  @PostConstruct
  void start() {
    group = new GroupCommit<>(MAX_BATCH, batch -> statuses.answered(batch));
  }

  /** Records the network's answer to a message sent; returns once it is committed. */
  public void answered(StatusService.Answer answer) {
    group.submit(answer);
  }
}
