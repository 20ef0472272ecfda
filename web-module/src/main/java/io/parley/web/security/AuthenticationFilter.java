package io.parley.web.security;

import io.parley.core.config.ParleyConfig;
import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.users.AuthenticationService;
import io.parley.core.users.Caller;
import io.parley.persistence.users.Role;
import io.parley.web.api.Envelope;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * Authenticates every request to a matched endpoint and enforces its {@link Requires role}: no or
 * bad credentials give 401/1005, a role too low gives 403/1005. Plain-HTTP requests are refused
 * unless plain HTTP is enabled in the configuration.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

  @Context ResourceInfo resource;
  @Inject AuthenticationService authentication;
  @Inject CurrentCaller currentCaller;
  @Inject ParleyConfig config;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!request.getSecurityContext().isSecure() && !config.httpEnabled()) {
      request.abortWith(
          Envelope.error(
              403, ErrorCode.ACCESS_DENIED, "Plain HTTP is disabled on this server; use HTTPS"));
      return;
    }
    Method method = resource.getResourceMethod();
    if (method == null || isPublic(method)) {
      return;
    }
    Caller caller = authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (!caller.has(requiredRole(method))) {
      throw ApiException.forbidden();
    }
    currentCaller.set(caller);
  }

  private Caller authenticate(String authorization) {
    if (authorization == null) {
      throw ApiException.unauthenticated();
    }
    int space = authorization.indexOf(' ');
    if (space < 0) {
      throw ApiException.unauthenticated();
    }
    String scheme = authorization.substring(0, space);
    String credentials = authorization.substring(space + 1).trim();
    if (credentials.isEmpty()) {
      throw ApiException.unauthenticated();
    }
    if (scheme.equalsIgnoreCase("Bearer")) {
      return authentication.byToken(credentials);
    }
    if (scheme.equalsIgnoreCase("Apikey")) {
      return authentication.byApiKey(credentials);
    }
    throw ApiException.unauthenticated();
  }

  private static boolean isPublic(Method method) {
    return method.isAnnotationPresent(Public.class)
        || method.getDeclaringClass().isAnnotationPresent(Public.class);
  }

  private static Role requiredRole(Method method) {
    Requires onMethod = method.getAnnotation(Requires.class);
    if (onMethod != null) {
      return onMethod.value();
    }
    Requires onClass = method.getDeclaringClass().getAnnotation(Requires.class);
    return onClass != null ? onClass.value() : Role.USER;
  }
}
