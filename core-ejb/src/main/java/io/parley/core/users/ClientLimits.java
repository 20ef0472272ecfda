package io.parley.core.users;

import io.parley.core.config.ParleyConfig;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/**
 * The per-client limits of the users API, as the original counted them per IP address: 30 failed
 * logins per hour (then every login is refused with 429/1015 until the hour has passed), and 256
 * user creations or password changes per hour. Counted in memory, so each node counts its own.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ClientLimits {

  private static final Duration WINDOW = Duration.ofHours(1);
  private static final int MAX_CLIENTS = 100_000;

  @Inject ParleyConfig config;

  private SlidingWindow failedLogins;
  private SlidingWindow userWrites;

  @PostConstruct
  void start() {
    failedLogins =
        new SlidingWindow(config.failedLoginLimit(), WINDOW, MAX_CLIENTS, Clock.systemUTC());
    userWrites = new SlidingWindow(config.userWriteLimit(), WINDOW, MAX_CLIENTS, Clock.systemUTC());
  }

  /** 429/1015 when {@code client} has failed to log in too often within the hour. */
  public void checkLogin(String client) {
    if (failedLogins.exceeded(client)) {
      throw new ApiException(
          ErrorCode.TOO_MANY_REQUESTS, "Rate limiting exceeded on bad login attempts");
    }
  }

  public void loginFailed(String client) {
    failedLogins.record(client);
  }

  /** Counts one user creation or password change; 429/1015 beyond the hourly limit. */
  public void userWrite(String client) {
    if (userWrites.exceeded(client)) {
      throw new ApiException(
          ErrorCode.TOO_MANY_REQUESTS, "Rate limiting exceeded on user create or update");
    }
    userWrites.record(client);
  }

  @Schedule(minute = "*/10", hour = "*", persistent = false)
  void purge() {
    failedLogins.purge();
    userWrites.purge();
  }
}
