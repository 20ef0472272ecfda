package io.parley.core.users;

import io.parley.persistence.users.UserRepository;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Deletes expired bearer tokens every hour; an expired token is refused before that anyway. */
@Singleton
public class TokenPurge {

  private static final Logger LOG = Logger.getLogger(TokenPurge.class);

  @Inject UserRepository users;

  @Schedule(minute = "17", hour = "*", persistent = false)
  void purgeExpired() {
    int removed = users.removeExpiredTokens(System.currentTimeMillis());
    if (removed > 0) {
      LOG.debugf("Purged %d expired tokens", removed);
    }
  }
}
