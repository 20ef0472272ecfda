package io.parley.core.contacts;

import io.parley.core.errors.ApiException;
import io.parley.core.inbound.InboundMessages;
import io.parley.core.network.PeerSessions;
import io.parley.persistence.contacts.ContactIdentity;
import io.parley.persistence.contacts.ContactRepository;
import io.parley.protocol.ratchet.Session;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * {@code /v1/contacts/{wa_id}/identity}: the identity (security code hash) of a user Parley has an
 * end-to-end session with, and the business's acknowledgement of it. The hash is the one the {@code
 * customer_identity_changed} system webhook carries. The first time Parley shows an identity is
 * recorded as its {@code created_at}; a new identity needs a new acknowledgement.
 *
 * <p>Each call is one transaction under the lock of the peer's session, so concurrent calls about
 * the same user see and record one identity.
 */
@Stateless
public class ContactIdentityService {

  /** An identity as shown: its hash and when Parley first showed it (epoch milliseconds). */
  public record Identity(String hash, long createdAt) {}

  @Inject PeerSessions sessions;
  @Inject ContactRepository contacts;

  /** The current identity of {@code waId}; 404/1006 when Parley has no session with the user. */
  public Identity current(String waId) {
    ContactIdentity shown = shown(waId);
    return new Identity(shown.getHash(), shown.getCreatedAt());
  }

  /**
   * Records that the business acknowledged {@code hash} as the identity of {@code waId}; 400/1009
   * when it is not the current one, 404/1006 when Parley has no session with the user.
   */
  public void acknowledge(String waId, String hash) {
    ContactIdentity shown = shown(waId);
    if (!shown.isStill(hash)) {
      throw ApiException.invalid("hash", hash);
    }
    shown.acknowledge(System.currentTimeMillis());
  }

  /** The identity row of the current session's identity, created or replaced as needed. */
  private ContactIdentity shown(String waId) {
    String user = PhoneNumbers.digits(waId).orElseThrow(() -> ApiException.notFound(unknown(waId)));
    Session session = sessions.lock(user).orElseThrow(() -> ApiException.notFound(unknown(user)));
    String hash = InboundMessages.identityHash(session.remoteIdentity().encoded());
    long now = System.currentTimeMillis();
    ContactIdentity shown = contacts.lockIdentity(user).orElse(null);
    if (shown == null) {
      shown = new ContactIdentity(user, hash, now);
      contacts.addIdentity(shown);
    } else if (!shown.isStill(hash)) {
      shown.replace(hash, now);
    }
    return shown;
  }

  private static String unknown(String waId) {
    return "No session with the user " + waId;
  }
}
