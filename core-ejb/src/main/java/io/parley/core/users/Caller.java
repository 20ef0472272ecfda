package io.parley.core.users;

import io.parley.persistence.users.Role;

/** Who is calling the API: a user holding a bearer token, or the monitoring API key. */
public record Caller(String name, Role role) {

  /** The principal name of {@code Apikey} requests, reserved so no user can take it. */
  public static final String API_KEY_PRINCIPAL = "_apiuser";

  public boolean has(Role required) {
    return role.includes(required);
  }
}
