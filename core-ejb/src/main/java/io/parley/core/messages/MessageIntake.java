package io.parley.core.messages;

import io.parley.core.transactions.GroupCommit;
import io.parley.persistence.messages.Message;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Group commit of accepted messages ({@link GroupCommit}): messages accepted while a transaction is
 * committing wait for the next one, which stores and queues them all ({@link MessageStore}), up to
 * {@link #MAX_BATCH}, in {@link #LANES} transaction at a time. Under heavy load one two-phase
 * commit (database and broker) serves many requests; a lone request still has its own.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MessageIntake {

  static final int MAX_BATCH = 50;

  /**
   * One commit at a time. Two at once (a request then need not wait for the running commit to end)
   * made more and smaller two-phase commits, whose cost in processor time outweighed the wait once
   * the rest of the pipeline had fewer transactions (docs/benchmarks.md).
   */
  static final int LANES = 1;

  @EJB MessageStore store;

  private GroupCommit<Message> group;

  @PostConstruct
  void start() {
    group = new GroupCommit<>(MAX_BATCH, LANES, batch -> store.store(batch));
  }

  /**
   * Stores {@code message} and puts it on the outbound queue in one transaction, shared with the
   * messages accepted at the same time; returns once that transaction has committed.
   */
  public void accept(Message message) {
    group.submit(message);
  }
}
