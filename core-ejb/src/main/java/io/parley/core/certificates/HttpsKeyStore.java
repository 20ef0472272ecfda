package io.parley.core.certificates;

import io.parley.core.management.ServerManagement;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.management.JMException;
import org.jboss.logging.Logger;

/**
 * The PKCS#12 file behind the HTTPS listener (Elytron key store {@code parleyKS}, see {@code
 * wildfly-config/src/main/cli/configure-https.cli}). Writing it replaces the file atomically;
 * {@link #reload()} makes the running listener serve the new identity through the server's
 * management model ({@link ServerManagement}).
 */
@ApplicationScoped
public class HttpsKeyStore {

  private static final Logger LOG = Logger.getLogger(HttpsKeyStore.class);
  static final String ALIAS = "parley";

  public Path file() {
    return Path.of(System.getProperty("jboss.server.data.dir", "."), "parley", "https.p12");
  }

  private char[] password() {
    String configured = System.getProperty("parley.keystore.password");
    if (configured == null) {
      configured = System.getenv("PARLEY_KEYSTORE_PASSWORD");
    }
    return (configured == null ? "parley-https" : configured).toCharArray();
  }

  /** Writes {@code identity} as the key store file (readable by the server user only). */
  public void write(TlsIdentity identity) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          ALIAS, identity.key(), password(), identity.chain().toArray(Certificate[]::new));
      Path target = file();
      Files.createDirectories(target.getParent());
      Path staging = Files.createTempFile(target.getParent(), "https", ".p12.tmp");
      try (OutputStream out = Files.newOutputStream(staging)) {
        store.store(out, password());
      }
      Files.move(
          staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the HTTPS key store", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not build the HTTPS key store", e);
    }
  }

  /** Loads the file into the running key store and re-initialises the listener's key manager. */
  public void reload() {
    try {
      ServerManagement.invoke("jboss.as:subsystem=elytron,key-store=parleyKS", "load");
      ServerManagement.invoke("jboss.as:subsystem=elytron,key-manager=parleyKM", "init");
      LOG.info("HTTPS listener reloaded with the current certificate");
    } catch (JMException e) {
      throw new IllegalStateException("Could not reload the HTTPS key store", e);
    }
  }
}
