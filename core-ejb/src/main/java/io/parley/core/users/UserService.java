package io.parley.core.users;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.persistence.users.Role;
import io.parley.persistence.users.User;
import io.parley.persistence.users.UserRepository;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * Users CRUD and logout. A duplicate username answers 409/1004 (the v2.2x WebApp answered 500/1014
 * "Already exist?", which clients could not tell from a real failure). Readers and writers of
 * another user's record must be admins; a non-admin learns nothing about other users, not even
 * whether they exist.
 */
@Stateless
public class UserService {

  @Inject UserRepository users;
  @EJB TokenCache tokens;

  private final PasswordHasher hasher = new PasswordHasher();

  /** Creates a user with role USER. */
  public UserView create(String username, String password) {
    UsernamePolicy.check(username);
    PasswordPolicy.check(password);
    if (users.findByUsername(username).isPresent()) {
      throw new ApiException(ErrorCode.ALREADY_EXISTS, "User '" + username + "' already exists");
    }
    User user = new User(username, hasher.hash(password), Role.USER, System.currentTimeMillis());
    users.add(user);
    return UserView.of(user);
  }

  public UserView get(Caller caller, String username) {
    return UserView.of(visible(caller, username));
  }

  public UserView changePassword(Caller caller, String username, String password) {
    User user = visible(caller, username);
    PasswordPolicy.check(password);
    user.changePassword(hasher.hash(password));
    return UserView.of(user);
  }

  /** Deletes a user and every token of theirs; the built-in admin cannot be deleted. */
  public UserView delete(String username) {
    User user = users.findByUsername(username).orElseThrow(() -> unknown(username));
    if (user.isBuiltInAdmin()) {
      throw ApiException.invalid("Admin user cannot be deleted");
    }
    users.remove(user);
    tokens.invalidateAll();
    return UserView.of(user);
  }

  /** Revokes {@code token} at once. */
  public void logout(String token) {
    users.findToken(TokenDigest.of(token)).ifPresent(users::removeToken);
    tokens.invalidateAll();
  }

  private User visible(Caller caller, String username) {
    if (!caller.has(Role.ADMIN) && !caller.name().equals(username)) {
      throw ApiException.forbidden();
    }
    return users.findByUsername(username).orElseThrow(() -> unknown(username));
  }

  private static ApiException unknown(String username) {
    return ApiException.notFound("User '" + username + "' not found");
  }

  /** What the API shows of a user. */
  public record UserView(String username, Role role) {
    static UserView of(User user) {
      return new UserView(user.getUsername(), user.getRole());
    }
  }
}
