package io.parley.core.certificates;

import io.parley.core.errors.ApiException;
import io.parley.core.transactions.AfterTransaction;
import io.parley.core.webhooks.WebhookSender;
import io.parley.persistence.certificates.CertificateRepository;
import io.parley.persistence.certificates.StoredCertificate;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificates of {@code /v1/certificates}: the HTTPS identity a business uploads (key, leaf
 * and at least one CA), the CA clients should trust, and the CA bundle trusted when calling
 * webhooks. Every upload is checked whole before anything is stored.
 */
@Stateless
public class CertificateService {

  /** The stored name of the webhook CA bundle. */
  public static final String WEBHOOKS_CA = "webhooks.ca";

  @Inject HttpsCertificateService https;
  @Inject CertificateRepository certificates;
  @EJB WebhookSender webhooks;
  @Resource TransactionSynchronizationRegistry transactions;

  /** Installs an uploaded HTTPS identity; 400/1009 when the PEM text is not a usable one. */
  public void uploadExternal(String pem) {
    TlsIdentity identity = parseIdentity(pem);
    if (identity.chain().size() < 2) {
      throw ApiException.invalid("The PEM text must hold the certificate and at least one CA");
    }
    for (X509Certificate ca : identity.chain().subList(1, identity.chain().size())) {
      if (ca.getBasicConstraints() < 0) {
        throw ApiException.invalid("Every certificate after the first must be a CA certificate");
      }
    }
    if (!signedByOneOf(identity.leaf(), identity.chain().subList(1, identity.chain().size()))) {
      throw ApiException.invalid(
          "The certificate is not signed by any of the CA certificates given");
    }
    try {
      identity.leaf().checkValidity();
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw ApiException.invalid("The certificate is not valid now: " + e.getMessage());
    }
    if (!matches(identity.key(), identity.leaf().getPublicKey())) {
      throw ApiException.invalid("The private key does not belong to the certificate");
    }
    https.installExternal(identity);
  }

  /** The CA of the HTTPS certificate in use, as PEM. */
  public String externalCa() {
    return https.currentCaPem();
  }

  /** Stores the CA bundle trusted for webhooks; 400/1009 unless it holds only CA certificates. */
  public void uploadWebhookCa(String pem) {
    List<X509Certificate> bundle = parseCertificates(pem);
    if (bundle.isEmpty()) {
      throw ApiException.invalid("The PEM text holds no certificate");
    }
    for (X509Certificate certificate : bundle) {
      if (certificate.getBasicConstraints() < 0) {
        throw ApiException.invalid("Every certificate of the bundle must be a CA certificate");
      }
    }
    certificates.put(
        WEBHOOKS_CA, TlsIdentity.pem(new ArrayList<>(bundle)), System.currentTimeMillis());
    AfterTransaction.run(transactions, webhooks::trustChanged);
  }

  /** The webhook CA bundle as PEM; 404/1006 when none was uploaded. */
  public String webhookCa() {
    return certificates
        .find(WEBHOOKS_CA)
        .map(StoredCertificate::getPem)
        .orElseThrow(() -> ApiException.notFound("No webhook CA certificate has been uploaded"));
  }

  public void deleteWebhookCa() {
    certificates.remove(WEBHOOKS_CA);
    AfterTransaction.run(transactions, webhooks::trustChanged);
  }

  /** The CAs trusted for webhook calls, besides the JDK's; empty when none were uploaded. */
  public List<X509Certificate> trustedWebhookCas() {
    return certificates
        .find(WEBHOOKS_CA)
        .map(stored -> parseCertificates(stored.getPem()))
        .orElse(List.of());
  }

  private static TlsIdentity parseIdentity(String pem) {
    if (pem == null || pem.isBlank()) {
      throw ApiException.invalid("The request body must be a PEM text");
    }
    try {
      return TlsIdentity.parse(pem);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("Invalid PEM: " + e.getMessage());
    }
  }

  private static List<X509Certificate> parseCertificates(String pem) {
    if (pem == null || pem.isBlank() || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw ApiException.invalid("The request body must hold PEM certificates");
    }
    if (pem.contains("PRIVATE KEY-----")) {
      throw ApiException.invalid("A CA bundle must not contain a private key");
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> result = new ArrayList<>();
      factory
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .forEach(c -> result.add((X509Certificate) c));
      return result;
    } catch (CertificateException e) {
      throw ApiException.invalid("Invalid PEM certificate: " + e.getMessage());
    }
  }

  private static boolean signedByOneOf(X509Certificate certificate, List<X509Certificate> cas) {
    for (X509Certificate ca : cas) {
      try {
        certificate.verify(ca.getPublicKey());
        return true;
      } catch (GeneralSecurityException e) {
        // not this one
      }
    }
    return false;
  }

  /** Whether {@code key} signs what {@code publicKey} verifies. */
  private static boolean matches(PrivateKey key, PublicKey publicKey) {
    try {
      String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
