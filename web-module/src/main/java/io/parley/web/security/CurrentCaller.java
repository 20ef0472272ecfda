package io.parley.web.security;

import io.parley.core.errors.ApiException;
import io.parley.core.users.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentCaller {

  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  public Caller get() {
    if (caller == null) {
      throw ApiException.unauthenticated();
    }
    return caller;
  }
}
