package io.parley.core.certificates;

import io.parley.persistence.certificates.CertificateRepository;
import io.parley.persistence.certificates.StoredCertificate;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Owns the HTTPS identity. At start it serves the uploaded certificate if there is one, otherwise
 * the self-signed one, generating it on the very first start; uploads replace it at once.
 *
 * <p>The identity lives in the database, its private key sealed by {@link AtRestCipher}, and is
 * written to the key store file that the listener reads.
 */
@Singleton
@Startup
public class HttpsCertificateService {

  private static final Logger LOG = Logger.getLogger(HttpsCertificateService.class);

  /** Stored names: the identity in use (key + chain) and the CA of the self-signed default. */
  public static final String EXTERNAL_KEY = "external.key";

  public static final String EXTERNAL_CHAIN = "external.chain";
  public static final String SELF_SIGNED_KEY = "self-signed.key";
  public static final String SELF_SIGNED_CHAIN = "self-signed.chain";

  private static final int RELOAD_ATTEMPTS = 120;

  @Inject CertificateRepository certificates;
  @Inject HttpsKeyStore keyStore;
  @Resource ManagedScheduledExecutorService executor;

  private final AtRestCipher atRest = AtRestCipher.fromConfiguration();

  @PostConstruct
  void start() {
    TlsIdentity identity = current().orElseGet(this::createSelfSigned);
    keyStore.write(identity);
    // The management API is locked while this deployment is being deployed, and during boot it is
    // not even listening yet: reload from another thread, retrying until the server is up.
    scheduleReload(1);
  }

  private void scheduleReload(int attempt) {
    executor.schedule(
        () -> {
          try {
            keyStore.reload();
          } catch (RuntimeException e) {
            if (attempt >= RELOAD_ATTEMPTS) {
              LOG.errorf(e, "Could not load the HTTPS certificate after %d attempts", attempt);
            } else {
              LOG.debugf("HTTPS reload attempt %d failed (%s); retrying", attempt, e.getMessage());
              scheduleReload(attempt + 1);
            }
          }
        },
        attempt == 1 ? 0 : 1,
        TimeUnit.SECONDS);
  }

  /**
   * The CA that clients should trust for the HTTPS certificate in use: the last certificate of an
   * uploaded chain, or the CA of the self-signed default.
   */
  public String currentCaPem() {
    TlsIdentity identity =
        current().orElseThrow(() -> new IllegalStateException("no HTTPS identity yet"));
    return TlsIdentity.pem(List.of(identity.root()));
  }

  /** Makes {@code identity} the HTTPS identity, stored and served from now on. */
  public void installExternal(TlsIdentity identity) {
    long now = System.currentTimeMillis();
    certificates.put(EXTERNAL_KEY, atRest.seal(EXTERNAL_KEY, identity.keyPem()), now);
    certificates.put(EXTERNAL_CHAIN, identity.chainPem(), now);
    keyStore.write(identity);
    keyStore.reload();
  }

  private TlsIdentity createSelfSigned() {
    TlsIdentity identity = SelfSignedCertificates.generate();
    long now = System.currentTimeMillis();
    certificates.put(SELF_SIGNED_KEY, atRest.seal(SELF_SIGNED_KEY, identity.keyPem()), now);
    certificates.put(SELF_SIGNED_CHAIN, identity.chainPem(), now);
    LOG.infof(
        "Generated a self-signed HTTPS certificate for %s",
        identity.leaf().getSubjectX500Principal().getName());
    return identity;
  }

  /** The identity in use: the uploaded one, else the self-signed default, if there is one. */
  private Optional<TlsIdentity> current() {
    return stored(EXTERNAL_KEY, EXTERNAL_CHAIN)
        .or(() -> stored(SELF_SIGNED_KEY, SELF_SIGNED_CHAIN));
  }

  private Optional<TlsIdentity> stored(String keyName, String chainName) {
    Optional<StoredCertificate> key = certificates.find(keyName);
    Optional<StoredCertificate> chain = certificates.find(chainName);
    if (key.isEmpty() || chain.isEmpty()) {
      return Optional.empty();
    }
    String keyPem = atRest.open(keyName, key.get().getPem());
    return Optional.of(TlsIdentity.parse(keyPem + chain.get().getPem()));
  }
}
