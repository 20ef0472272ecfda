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
import java.util.Optional;

/**
 * Group commit of encryptions ({@link GroupCommit}): the outbound consumers that need a message
 * encrypted while another encryption transaction is committing, or during its {@link #LINGER},
 * share the next one ({@link MessageSealer#sealAll}). Each gets its ciphertext only after that
 * commit, so no ciphertext reaches the network before the session that made it is stored.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SealBatcher {

  static final int MAX_BATCH = 50;

  /**
   * How long a commit waits for more messages to encrypt: fewer, larger transactions (about five
   * messages each at 250 a second) for that much later a send.
   */
  static final Duration LINGER = Duration.ofMillis(10);

  @EJB MessageSealer sealer;

  private GroupCommit<MessageSealer.Request> group;

  @PostConstruct
  void start() {
    group = new GroupCommit<>(MAX_BATCH, 1, LINGER, batch -> sealer.sealAll(batch));
  }

  /**
   * Message {@code messageId} encrypted and committed, now or earlier; empty when it is no longer
   * queued or cannot be encrypted for its recipient (then it has failed).
   */
  public Optional<MessageSealer.Sealed> seal(String messageId) {
    MessageSealer.Request request = new MessageSealer.Request(messageId);
    group.submit(request);
    return request.sealed();
  }
}
