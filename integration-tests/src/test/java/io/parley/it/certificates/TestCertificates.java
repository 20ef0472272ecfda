package io.parley.it.certificates;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates a business might upload, made in the test with Bouncy Castle. */
public final class TestCertificates {

  public record Issued(KeyPair keys, X509Certificate certificate) {}

  private static long serial = System.nanoTime();

  private TestCertificates() {}

  public static KeyPair keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  public static Issued ca(String name) throws Exception {
    KeyPair keys = keys();
    return new Issued(
        keys, sign(name, keys, name, keys, true, Instant.now().plus(Duration.ofDays(30))));
  }

  public static Issued leaf(Issued ca, Instant notAfter) throws Exception {
    KeyPair keys = keys();
    X509Certificate issuerCert = ca.certificate();
    return new Issued(
        keys,
        sign(
            issuerCert.getSubjectX500Principal().getName(),
            ca.keys(),
            "CN=127.0.0.1,O=Uploaded",
            keys,
            false,
            notAfter));
  }

  private static X509Certificate sign(
      String issuer,
      KeyPair issuerKeys,
      String subject,
      KeyPair subjectKeys,
      boolean ca,
      Instant notAfter)
      throws Exception {
    Instant notBefore =
        notAfter.isBefore(Instant.now())
            ? notAfter.minus(Duration.ofDays(10))
            : Instant.now().minus(Duration.ofMinutes(5));
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(serial++),
            Date.from(notBefore),
            Date.from(notAfter),
            new X500Name(subject),
            subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (!ca) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  public static String pem(Object... objects) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object object : objects) {
        if (object instanceof java.security.PrivateKey key) {
          writer.writeObject(new JcaPKCS8Generator(key, null).generate());
        } else {
          writer.writeObject(object);
        }
      }
    }
    return out.toString();
  }
}
