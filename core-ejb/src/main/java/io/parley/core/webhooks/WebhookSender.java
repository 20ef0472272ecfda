package io.parley.core.webhooks;

import io.parley.core.certificates.CertificateService;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Posts callbacks to the business's receiver: HTTPS verified against the CA uploaded at {@code
 * /v1/certificates/webhooks/ca} (else the JVM's trust store), redirects not followed, connect and
 * response time-outs, success only on 200, and at most {@code webhooks.max_concurrent_requests}
 * posts at once (read at start-up). With a signing secret set, each post carries Standard Webhooks
 * signature headers.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookSender {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(20);

  @Resource ManagedExecutorService executor;
  @EJB CertificateService certificates;

  /** How long the webhook CA read from the database is used before it is read again. */
  static final long TRUST_TTL_NANOS = 1_000_000_000L;

  private volatile Semaphore permits;
  private volatile HttpClient client;
  private volatile List<X509Certificate> clientTrust;
  private volatile long trustReadAt;

  /** The outcome of one post. */
  public record Outcome(boolean delivered, String detail) {}

  /** A permit to post, if fewer than {@code limit} posts are running (the first call's limit). */
  public boolean tryAcquire(int limit) {
    Semaphore current = permits;
    if (current == null) {
      synchronized (this) {
        if (permits == null) {
          permits = new Semaphore(limit);
        }
        current = permits;
      }
    }
    return current.tryAcquire();
  }

  public void release() {
    permits.release();
  }

  /** Whether every permit is taken: the deliverers holding them will find new callbacks. */
  public boolean saturated() {
    Semaphore current = permits;
    return current != null && current.availablePermits() == 0;
  }

  /** The webhook CA changed on this node: the next post reads it again. */
  public void trustChanged() {
    trustReadAt = 0;
  }

  /** Posts {@code body} to {@code url}, signed when {@code secret} is present. */
  public Outcome post(String url, String body, String id, Optional<String> secret) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(RESPONSE_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (secret.isPresent()) {
      String timestamp = Long.toString(System.currentTimeMillis() / 1000);
      request
          .header("webhook-id", id)
          .header("webhook-timestamp", timestamp)
          .header("webhook-signature", "v1," + signature(secret.get(), id, timestamp, body));
    }
    try {
      HttpResponse<Void> response =
          client().send(request.build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200
          ? new Outcome(true, "200")
          : new Outcome(false, "HTTP " + response.statusCode());
    } catch (IOException e) {
      return new Outcome(false, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(false, "interrupted");
    }
  }

  /** {@code base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))}, Standard Webhooks. */
  static String signature(String secret, String id, String timestamp, String body) {
    byte[] key =
        secret.startsWith("whsec_")
            ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
            : secret.getBytes(StandardCharsets.UTF_8);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is a mandatory JDK algorithm", e);
    }
  }

  /**
   * The HTTP client for the current webhook CA, built again when the CA changes. The CA is read
   * again a second after the last reading (at once after a change on this node), so a change made
   * through another node takes effect within that second.
   */
  private HttpClient client() {
    HttpClient current = client;
    long now = System.nanoTime();
    long readAt = trustReadAt;
    if (current != null && readAt != 0 && now - readAt < TRUST_TTL_NANOS) {
      return current;
    }
    List<X509Certificate> trust = certificates.trustedWebhookCas();
    if (current != null && trust.equals(clientTrust)) {
      trustReadAt = now;
      return current;
    }
    synchronized (this) {
      HttpClient.Builder builder =
          HttpClient.newBuilder()
              .connectTimeout(CONNECT_TIMEOUT)
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(executor);
      if (!trust.isEmpty()) {
        builder.sslContext(sslContext(trust));
      }
      client = builder.build();
      clientTrust = trust;
      trustReadAt = now;
      return client;
    }
  }

  private static SSLContext sslContext(List<X509Certificate> trust) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < trust.size(); i++) {
        store.setCertificateEntry("webhook-ca-" + i, trust.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the webhook trust store", e);
    }
  }
}
