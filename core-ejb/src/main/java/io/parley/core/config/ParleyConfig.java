package io.parley.core.config;

import io.parley.core.cluster.NodeRole;
import io.parley.persistence.cluster.ClusterNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Node configuration that is fixed for the life of the server: read from system properties ({@code
 * parley.*}, settable in the WildFly configuration) with environment variables as fallback. Runtime
 * settings that the API changes live in the database instead.
 */
@ApplicationScoped
public class ParleyConfig {

  /** The upload limit of the original WebApp: 100 MB. */
  public static final long DEFAULT_MEDIA_MAX_UPLOAD_BYTES = 100L * 1024 * 1024;

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

  /** The name of this node in multi-node answers and shard leases (at most 100 characters). */
  public String nodeName() {
    String name = value("jboss.node.name", "PARLEY_NODE_NAME").orElse("parley");
    return name.length() <= ClusterNode.MAX_NAME_LENGTH
        ? name
        : name.substring(0, ClusterNode.MAX_NAME_LENGTH);
  }

  /**
   * This node's roles ({@code parley.node.roles}, a comma-separated list of {@code webapp} and
   * {@code coreapp}; both by default).
   */
  public Set<NodeRole> nodeRoles() {
    return value("parley.node.roles", "PARLEY_NODE_ROLES")
        .map(NodeRole::parse)
        .orElse(EnumSet.allOf(NodeRole.class));
  }

  /** The messaging network's transport address: host ({@code parley.network.host}). */
  public String networkHost() {
    return value("parley.network.host", "PARLEY_NETWORK_HOST").orElse("127.0.0.1");
  }

  /** The messaging network's transport port ({@code parley.network.port}). */
  public int networkPort() {
    return value("parley.network.port", "PARLEY_NETWORK_PORT").map(Integer::parseInt).orElse(5222);
  }

  /**
   * The port of the network's media blob store, HTTP on the network's host ({@code
   * parley.network.media-port}; the sandbox network's default is 5280).
   */
  public int networkMediaPort() {
    return value("parley.network.media-port", "PARLEY_NETWORK_MEDIA_PORT")
        .map(Integer::parseInt)
        .orElse(5280);
  }

  /**
   * The network's static transport key that connections pin: base64 in {@code parley.network.key},
   * or the file the network wrote it to in {@code parley.network.key-file} (read at each connect).
   */
  public Optional<byte[]> networkKey() {
    Optional<String> inline = value("parley.network.key", "PARLEY_NETWORK_KEY");
    if (inline.isPresent()) {
      return inline.map(text -> Base64.getDecoder().decode(text.trim()));
    }
    return value("parley.network.key-file", "PARLEY_NETWORK_KEY_FILE")
        .map(Path::of)
        .filter(Files::isReadable)
        .map(
            path -> {
              try {
                return Base64.getDecoder().decode(transportKeyLine(path));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** How long a network request (a send, a key or contact lookup) waits for its answer. */
  public Duration networkTimeout() {
    return Duration.ofMillis(
        value("parley.network.timeout-ms", "PARLEY_NETWORK_TIMEOUT_MS")
            .map(Long::parseLong)
            .orElse(10_000L));
  }

  /**
   * The largest media upload in bytes ({@code parley.media.max-upload-bytes}, default 100 MB); a
   * larger one is refused with 400/1009.
   */
  public long mediaMaxUploadBytes() {
    return value("parley.media.max-upload-bytes", "PARLEY_MEDIA_MAX_UPLOAD_BYTES")
        .map(Long::parseLong)
        .filter(limit -> limit > 0)
        .orElse(DEFAULT_MEDIA_MAX_UPLOAD_BYTES);
  }

  /**
   * How long media may go unused before the media garbage collector deletes it ({@code
   * parley.media.retention-seconds}, default 30 days). Read at each collection.
   */
  public Duration mediaRetention() {
    return positiveSeconds("parley.media.retention-seconds", "PARLEY_MEDIA_RETENTION_SECONDS")
        .orElse(Duration.ofDays(30));
  }

  /**
   * How often the media garbage collector runs while {@code garbagecollector_enable.media} is on
   * ({@code parley.media.gc-interval-seconds}, default one hour). Read when the server starts.
   */
  public Duration mediaGcInterval() {
    return positiveSeconds("parley.media.gc-interval-seconds", "PARLEY_MEDIA_GC_INTERVAL_SECONDS")
        .orElse(Duration.ofHours(1));
  }

  /** How long connecting to the server of a media link may take ({@code 5000} ms by default). */
  public Duration mediaLinkConnectTimeout() {
    return positiveMillis(
            "parley.media.link.connect-timeout-ms", "PARLEY_MEDIA_LINK_CONNECT_TIMEOUT_MS")
        .orElse(Duration.ofSeconds(5));
  }

  /**
   * How long fetching a media link may take in all, redirects included ({@code 120000} ms by
   * default): a slower server fails the message.
   */
  public Duration mediaLinkTimeout() {
    return positiveMillis("parley.media.link.timeout-ms", "PARLEY_MEDIA_LINK_TIMEOUT_MS")
        .orElse(Duration.ofMinutes(2));
  }

  private Optional<Duration> positiveSeconds(String property, String environment) {
    return positive(property, environment, ChronoUnit.SECONDS);
  }

  private Optional<Duration> positiveMillis(String property, String environment) {
    return positive(property, environment, ChronoUnit.MILLIS);
  }

  /** A duration of a positive number of {@code unit}s, if the property or variable gives one. */
  private Optional<Duration> positive(String property, String environment, ChronoUnit unit) {
    return value(property, environment)
        .map(Long::parseLong)
        .filter(amount -> amount > 0)
        .map(amount -> Duration.of(amount, unit));
  }

  /** The key in a network's {@code network.pub} ({@code transport_key=...}), or the whole file. */
  private static String transportKeyLine(Path path) throws IOException {
    for (String line : Files.readAllLines(path)) {
      if (line.startsWith("transport_key=")) {
        return line.substring("transport_key=".length()).trim();
      }
    }
    return Files.readString(path).trim();
  }

  protected Optional<String> value(String property, String environment) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(environment);
    }
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
