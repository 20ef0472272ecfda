package io.parley.core.users;

import io.parley.persistence.users.Role;
import io.parley.persistence.users.User;
import io.parley.persistence.users.UserRepository;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Creates the built-in {@code admin} with the password {@code secret} on a fresh install, marked
 * for the forced change at first login, as the original did.
 */
@Singleton
@Startup
public class AdminBootstrap {

  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
  static final String DEFAULT_PASSWORD = "secret";

  @Inject UserRepository users;

  @PostConstruct
  void createDefaultAdmin() {
    if (users.findByUsername(User.ADMIN_USERNAME).isPresent()) {
      return;
    }
    User admin =
        new User(
            User.ADMIN_USERNAME,
            new PasswordHasher().hash(DEFAULT_PASSWORD),
            Role.ADMIN,
            System.currentTimeMillis());
    admin.requirePasswordChange();
    users.add(admin);
    LOG.info("Created the default admin user; its password must be changed at first login");
  }
}
