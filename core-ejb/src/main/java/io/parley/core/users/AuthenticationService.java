package io.parley.core.users;

import io.parley.core.config.ParleyConfig;
import io.parley.core.errors.ApiException;
import io.parley.persistence.users.AuthToken;
import io.parley.persistence.users.Role;
import io.parley.persistence.users.UserRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Resolves the credentials of a request (bearer token or API key) to a {@link Caller}. Runs in the
 * caller's transaction if there is one and starts none: every request passes here, and a token is
 * mostly found in {@link TokenCache}.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AuthenticationService {

  @Inject UserRepository users;
  @Inject ParleyConfig config;
  @EJB TokenCache cache;

  /** The owner of a valid, unexpired bearer token; 401 otherwise. */
  public Caller byToken(String token) {
    String digest = TokenDigest.of(token);
    return cache.caller(
        digest,
        () -> {
          AuthToken stored = users.findToken(digest).orElseThrow(ApiException::unauthenticated);
          if (stored.isExpiredAt(System.currentTimeMillis())) {
            throw ApiException.unauthenticated();
          }
          return new TokenCache.ValidToken(
              new Caller(stored.getUser().getUsername(), stored.getUser().getRole()),
              stored.getExpiresAt());
        });
  }

  /** The monitoring principal when {@code key} is the configured API key; 401 otherwise. */
  public Caller byApiKey(String key) {
    String expected = config.apiKey().orElseThrow(ApiException::unauthenticated);
    boolean same =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    if (!same) {
      throw ApiException.unauthenticated();
    }
    return new Caller(Caller.API_KEY_PRINCIPAL, Role.API);
  }
}
