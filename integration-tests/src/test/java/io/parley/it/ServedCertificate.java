package io.parley.it;

import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** The certificate chain a TLS server presents, read with a handshake that trusts anything. */
public final class ServedCertificate {

  private ServedCertificate() {}

  public static X509Certificate[] chain(String host, int port) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new AcceptAll()}, new SecureRandom());
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
      socket.startHandshake();
      Certificate[] chain = socket.getSession().getPeerCertificates();
      X509Certificate[] result = new X509Certificate[chain.length];
      for (int i = 0; i < chain.length; i++) {
        result[i] = (X509Certificate) chain[i];
      }
      return result;
    }
  }

  public static X509Certificate leaf(String host, int port) throws Exception {
    return chain(host, port)[0];
  }

  private static final class AcceptAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
