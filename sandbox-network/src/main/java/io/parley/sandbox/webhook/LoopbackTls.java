package io.parley.sandbox.webhook;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What a webhook receiver on the loopback interface serves HTTPS with: a fresh CA and a server
 * certificate for {@code 127.0.0.1}, {@code ::1} and {@code localhost} signed by it, in a PKCS12
 * key store entry. The CA's private key signs once and is dropped; clients trust the CA's PEM. Used
 * by {@link SampleWebhookReceiver} and the pipeline benchmark's receiver.
 */
public final class LoopbackTls {

  private static final String ALIAS = "server";

  private final KeyStore keyStore;
  private final char[] password;

  private LoopbackTls(KeyStore keyStore, char[] password) {
    this.keyStore = keyStore;
    this.password = password.clone();
  }

  /** A new CA named {@code caName} (an X.500 name) and a server certificate, valid that long. */
  public static LoopbackTls issue(String caName, Duration validity, char[] password)
      throws GeneralSecurityException, IOException {
    KeyPair caKeys = ecKeys();
    X500Name ca = new X500Name(caName);
    X509Certificate caCertificate = issue(ca, caKeys, ca, caKeys, null, validity);
    KeyPair serverKeys = ecKeys();
    X509Certificate server =
        issue(ca, caKeys, new X500Name("CN=127.0.0.1"), serverKeys, caCertificate, validity);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(
        ALIAS, serverKeys.getPrivate(), password, new Certificate[] {server, caCertificate});
    return new LoopbackTls(keyStore, password);
  }

  /** The server key and chain read back from a key store {@link #keyStore()} was saved to. */
  public static LoopbackTls of(KeyStore keyStore, char[] password) {
    return new LoopbackTls(keyStore, password);
  }

  /** The key store holding the server's key and chain (server certificate, then the CA). */
  public KeyStore keyStore() {
    return keyStore;
  }

  /** A TLS context that serves the server's key and chain. */
  public SSLContext serverContext() throws GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    return tls;
  }

  /** The CA's certificate in PEM, what clients trust. */
  public String caPem() throws GeneralSecurityException {
    Certificate[] chain = keyStore.getCertificateChain(ALIAS);
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(chain[chain.length - 1]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  /** A CA certificate when {@code issuerCertificate} is null, else a server certificate. */
  private static X509Certificate issue(
      X500Name issuer,
      KeyPair issuerKeys,
      X500Name subject,
      KeyPair subjectKeys,
      X509Certificate issuerCertificate,
      Duration validity)
      throws GeneralSecurityException, IOException {
    Instant notBefore = Instant.now().minus(1, ChronoUnit.HOURS);
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(63, new SecureRandom()),
            Date.from(notBefore),
            Date.from(notBefore.plus(validity)),
            subject,
            subjectKeys.getPublic());
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
    if (issuerCertificate == null) {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(issuerCertificate));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    }
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
