package io.parley.core.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * Node configuration that is fixed for the life of the server: read from system properties ({@code
 * parley.*}, settable in the WildFly configuration) with environment variables as fallback. Runtime
 * settings that the API changes live in the database instead.
 */
@ApplicationScoped
public class ParleyConfig {

  /** The client version reported in {@code meta.version} (env {@code WA_VERSION}). */
  public String version() {
    return value("parley.version", "WA_VERSION").orElse("v2.53.0");
  }

  /** The key accepted with {@code Authorization: Apikey}; absent or out of bounds disables it. */
  public Optional<String> apiKey() {
    return value("parley.api-key", "WA_API_KEY")
        .filter(key -> key.length() >= 12 && key.length() <= 128);
  }

  /** Whether plain HTTP requests are served (HTTPS only by default). */
  public boolean httpEnabled() {
    return value("parley.http.enabled", "PARLEY_HTTP_ENABLED")
        .map(Boolean::parseBoolean)
        .orElse(false);
  }

  /** Peers whose {@code X-Forwarded-For} header names the real client (reverse proxies). */
  public Set<String> trustedProxies() {
    return value("parley.trusted-proxies", "PARLEY_TRUSTED_PROXIES")
        .map(list -> Set.of(list.split("\\s*,\\s*")))
        .orElse(Set.of());
  }

  /** Failed logins per client per hour before login answers 429/1015. */
  public int failedLoginLimit() {
    return value("parley.limits.failed-logins", "PARLEY_LIMITS_FAILED_LOGINS")
        .map(Integer::parseInt)
        .orElse(30);
  }

  /** User creations and password changes per client per hour before they answer 429/1015. */
  public int userWriteLimit() {
    return value("parley.limits.user-writes", "PARLEY_LIMITS_USER_WRITES")
        .map(Integer::parseInt)
        .orElse(256);
  }

  /** The name of this node in multi-node answers. */
  public String nodeName() {
    return value("jboss.node.name", "PARLEY_NODE_NAME").orElse("parley");
  }

  protected Optional<String> value(String property, String environment) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(environment);
    }
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
