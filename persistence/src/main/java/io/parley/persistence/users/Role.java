package io.parley.persistence.users;

/**
 * The on-prem roles. Each role includes the ones below it: ADMIN includes USER, which includes API
 * (the monitoring-only principal of an {@code Apikey} request).
 */
public enum Role {
  API,
  USER,
  ADMIN;

  /** Whether a principal holding this role may act with {@code required}. */
  public boolean includes(Role required) {
    return compareTo(required) >= 0;
  }
}
