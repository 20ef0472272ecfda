package io.parley.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The business's webhook endpoint in the pipeline benchmark: HTTPS on a free port of {@code
 * 127.0.0.1}, with a server certificate from a CA made at start whose PEM Parley is given to trust.
 * It answers every POST with 200 at once and notes, per message id, when each status first arrived
 * ({@link System#nanoTime()}), how many statuses came again for the same message, the error codes
 * of failed statuses, and how many inbound messages arrived.
 */
final class CallbackReceiver implements AutoCloseable {

  /** The statuses noted, in the order of the arrays {@link #arrivals} returns. */
  static final List<String> STATUSES = List.of("sent", "delivered", "read", "failed");

  private static final char[] KEY_PASSWORD = "bench".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpsServer server;
  private final ExecutorService executor;
  private final String caPem;
  private final Map<String, long[]> arrivals = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicLong> failureCodes = new ConcurrentHashMap<>();
  private final AtomicLong[] firsts = {
    new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()
  };
  private final AtomicLong posts = new AtomicLong();
  private final AtomicLong statuses = new AtomicLong();
  private final AtomicLong repeated = new AtomicLong();
  private final AtomicLong inbound = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();

  private CallbackReceiver(HttpsServer server, ExecutorService executor, String caPem) {
    this.server = server;
    this.executor = executor;
    this.caPem = caPem;
  }

  static CallbackReceiver start() throws IOException, GeneralSecurityException {
    KeyPair caKeys = ecKeys();
    X500Name caName = new X500Name("CN=Parley benchmark webhook CA");
    X509Certificate ca = issue(caName, caKeys, caName, caKeys.getPublic(), true);
    KeyPair serverKeys = ecKeys();
    X509Certificate leaf =
        issue(caName, caKeys, new X500Name("CN=127.0.0.1"), serverKeys.getPublic(), false);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(
        "webhook", serverKeys.getPrivate(), KEY_PASSWORD, new Certificate[] {leaf, ca});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, KEY_PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);

    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 256);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    ExecutorService executor =
        Executors.newFixedThreadPool(
            8,
            task -> {
              Thread thread = new Thread(task, "bench-webhook-receiver");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    CallbackReceiver receiver = new CallbackReceiver(server, executor, pem(ca));
    server.createContext("/", receiver::serve);
    server.start();
    return receiver;
  }

  /** {@code https://127.0.0.1:<port>/webhook}, for {@code webhooks.url}. */
  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/webhook";
  }

  /** The CA's certificate in PEM, for {@code POST /v1/certificates/webhooks/ca}. */
  String caPem() {
    return caPem;
  }

  /**
   * When each of {@link #STATUSES} first arrived for {@code messageId} (0: not yet), or null when
   * none did.
   */
  long[] arrivals(String messageId) {
    long[] times = arrivals.get(messageId);
    if (times == null) {
      return null;
    }
    synchronized (times) {
      return times.clone();
    }
  }

  /** How many messages have had {@code status} so far. */
  long count(String status) {
    return firsts[STATUSES.indexOf(status)].get();
  }

  long posts() {
    return posts.get();
  }

  long statuses() {
    return statuses.get();
  }

  /** Statuses that arrived again for a message that already had them. */
  long repeated() {
    return repeated.get();
  }

  long inbound() {
    return inbound.get();
  }

  long malformed() {
    return malformed.get();
  }

  /** The error codes of failed statuses, with how often each came. */
  Map<Integer, Long> failureCodes() {
    Map<Integer, Long> codes = new java.util.TreeMap<>();
    failureCodes.forEach((code, count) -> codes.put(code, count.get()));
    return codes;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      long now = System.nanoTime();
      posts.incrementAndGet();
      // Answer first: the receiver should cost Parley as little waiting as possible.
      exchange.sendResponseHeaders(200, -1);
      record(body, now);
    }
  }

  private void record(byte[] body, long now) {
    JsonObject callback;
    try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
      callback = reader.readObject();
    } catch (JsonException e) {
      malformed.incrementAndGet();
      return;
    }
    if (callback.get("messages") instanceof JsonArray messages) {
      inbound.addAndGet(messages.size());
    }
    if (!(callback.get("statuses") instanceof JsonArray elements)) {
      return;
    }
    for (JsonValue value : elements) {
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        malformed.incrementAndGet();
        continue;
      }
      JsonObject status = value.asJsonObject();
      int index = STATUSES.indexOf(status.getString("status", ""));
      String id = status.getString("id", null);
      if (index < 0 || id == null) {
        malformed.incrementAndGet();
        continue;
      }
      statuses.incrementAndGet();
      if (index == STATUSES.indexOf("failed")) {
        failureCodes
            .computeIfAbsent(failureCode(status), code -> new AtomicLong())
            .incrementAndGet();
      }
      long[] times = arrivals.computeIfAbsent(id, key -> new long[STATUSES.size()]);
      synchronized (times) {
        if (times[index] == 0) {
          times[index] = now;
          firsts[index].incrementAndGet();
        } else {
          repeated.incrementAndGet();
        }
      }
    }
  }

  private static int failureCode(JsonObject status) {
    if (status.get("errors") instanceof JsonArray errors
        && !errors.isEmpty()
        && errors.get(0) instanceof JsonObject error) {
      return error.getInt("code", -1);
    }
    return -1;
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  /** A CA certificate, or a server certificate for {@code 127.0.0.1}, valid for a day. */
  private static X509Certificate issue(
      X500Name issuer,
      KeyPair issuerKeys,
      X500Name subject,
      java.security.PublicKey subjectKey,
      boolean ca)
      throws GeneralSecurityException, IOException {
    Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(63, RANDOM),
            Date.from(notBefore),
            Date.from(notBefore.plus(Duration.ofDays(1))),
            subject,
            subjectKey);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (ca) {
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
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

  private static String pem(X509Certificate certificate) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
