package io.parley.core.users;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.persistence.users.AuthToken;
import io.parley.persistence.users.User;
import io.parley.persistence.users.UserRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Basic-credential login: checks the password, enforces the forced change of the default password,
 * applies a {@code new_password}, and issues a bearer token valid for 7 days. Each login issues a
 * new token; older tokens stay valid until they expire or are revoked.
 */
@Stateless
public class LoginService {

  public static final Duration TOKEN_LIFETIME = Duration.ofDays(7);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger LOG = Logger.getLogger(LoginService.class);

  @Inject UserRepository users;
  @Inject ClientLimits limits;

  private final PasswordHasher hasher = new PasswordHasher();

  /**
   * Logs {@code username} in. Wrong credentials give 401/1005; the default password without a
   * {@code newPassword} gives 401/1024; a {@code newPassword} that breaks the policy gives
   * 400/1009; a {@code client} with too many failures within the hour gives 429/1015.
   */
  public IssuedToken login(String client, String username, String password, String newPassword) {
    limits.checkLogin(client);
    Optional<User> verified = verified(username, password);
    if (verified.isEmpty()) {
      LOG.infof("Failed login for user '%s' from %s", username, client);
      limits.loginFailed(client);
      throw badCredentials();
    }
    User user = verified.get();
    if (newPassword != null) {
      PasswordPolicy.check(newPassword);
      user.changePassword(hasher.hash(newPassword));
    } else if (user.isPasswordChangeRequired()) {
      throw new ApiException(ErrorCode.PASSWORD_CHANGE_REQUIRED, "Password must be changed");
    }
    return issue(user);
  }

  /** The user whose password is {@code password}, spending the same time when there is none. */
  private Optional<User> verified(String username, String password) {
    Optional<User> user = users.findByUsername(username);
    if (user.isEmpty()) {
      hasher.verifyDecoy(password);
      return Optional.empty();
    }
    return hasher.verify(password, user.get().getPasswordHash()) ? user : Optional.empty();
  }

  private IssuedToken issue(User user) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Instant now = Instant.now();
    Instant expires = now.plus(TOKEN_LIFETIME);
    users.addToken(
        new AuthToken(TokenDigest.of(token), user, now.toEpochMilli(), expires.toEpochMilli()));
    return new IssuedToken(token, expires);
  }

  private static ApiException badCredentials() {
    return new ApiException(ErrorCode.ACCESS_DENIED, "Invalid username or password", 401);
  }
}
