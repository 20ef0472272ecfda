package io.parley.web.security;

import io.parley.core.config.ParleyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The address of the client behind a request, for per-client limits: the peer's address, or the
 * first {@code X-Forwarded-For} entry when the peer is a reverse proxy listed in {@code
 * parley.trusted-proxies}. The header of any other peer is ignored, so clients cannot choose their
 * own address.
 */
@ApplicationScoped
public class ClientAddress {

  @Inject ParleyConfig config;

  public String of(HttpServletRequest request) {
    String peer = request.getRemoteAddr();
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null || forwarded.isBlank() || !config.trustedProxies().contains(peer)) {
      return peer;
    }
    int comma = forwarded.indexOf(',');
    return (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
  }
}
