package io.parley.core.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * A private key with its certificate chain (leaf first), and its PEM form. The HTTPS listener
 * serves it; the database keeps its PEM.
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {

  public TlsIdentity {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least one certificate");
    }
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The last certificate of the chain: the CA that clients should trust. */
  public X509Certificate root() {
    return chain.get(chain.size() - 1);
  }

  /** The private key as an unencrypted PKCS#8 PEM block. */
  public String keyPem() {
    try {
      return pem(List.of(new JcaPKCS8Generator(key, null).generate()));
    } catch (PemGenerationException e) {
      throw new IllegalStateException("Could not encode the private key", e);
    }
  }

  public String chainPem() {
    return pem(new ArrayList<>(chain));
  }

  public static String pem(List<?> objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Reads every private key and certificate in a PEM text. Throws {@link IllegalArgumentException}
   * when the text holds anything unreadable, no key, or no certificate.
   */
  public static TlsIdentity parse(String pem) {
    PrivateKey key = null;
    List<X509Certificate> certificates = new ArrayList<>();
    JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
        } else if (object instanceof PEMKeyPair pair) {
          key = keys.getPrivateKey(pair.getPrivateKeyInfo());
        } else if (object instanceof PrivateKeyInfo info) {
          key = keys.getPrivateKey(info);
        } else {
          throw new IllegalArgumentException(
              "unsupported PEM section " + object.getClass().getSimpleName());
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      if (e instanceof IllegalArgumentException illegal) {
        throw illegal;
      }
      throw new IllegalArgumentException("the PEM text cannot be read", e);
    }
    if (key == null) {
      throw new IllegalArgumentException("the PEM text holds no private key");
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("the PEM text holds no certificate");
    }
    return new TlsIdentity(key, certificates);
  }
}
