package io.parley.core.network;

import io.parley.core.certificates.AtRestCipher;
import io.parley.persistence.account.AccountRepository;
import io.parley.persistence.account.PeerSession;
import io.parley.protocol.ratchet.Session;
import io.parley.protocol.wire.WireFormatException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The end-to-end sessions with peers, sealed at rest. Joins the caller's transaction: a session
 * changed by encrypting or decrypting is stored with the work that changed it.
 */
@ApplicationScoped
public class PeerSessions {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject AccountRepository accounts;
  private final AtRestCipher atRest = AtRestCipher.fromConfiguration();

  /** The session with {@code waId}, locked until the transaction ends. */
  public Optional<Session> lock(String waId) {
    return accounts.lockSession(waId).map(stored -> open(waId, stored));
  }

  /** The sessions with {@code waIds} that exist, locked together until the transaction ends. */
  public Map<String, Session> lockAll(Collection<String> waIds) {
    Map<String, Session> opened = new HashMap<>();
    accounts.lockSessions(waIds).forEach((waId, stored) -> opened.put(waId, open(waId, stored)));
    return opened;
  }

  public void save(String waId, Session session) {
    accounts.saveSession(
        waId, atRest.sealBytes(name(waId), session.toBytes()), System.currentTimeMillis());
  }

  public void drop(String waId) {
    accounts.dropSession(waId);
  }

  private Session open(String waId, PeerSession stored) {
    try {
      return Session.fromBytes(atRest.openBytes(name(waId), stored.getSealedState()), RANDOM);
    } catch (WireFormatException e) {
      throw new IllegalStateException("stored session with " + waId + " is corrupt", e);
    }
  }

  private static String name(String waId) {
    return "session." + waId;
  }
}
