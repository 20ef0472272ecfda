package io.parley.sandbox.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleWebhookReceiverTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String STATUS =
      "{\"statuses\":[{\"id\":\"gBEGkYiEB1VXAglK1ZEqA1YKPrU\",\"status\":\"delivered\"}]}";

  @TempDir Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final List<SampleWebhookReceiver> started = new ArrayList<>();
  private HttpClient client;

  @AfterEach
  void stop() {
    started.forEach(SampleWebhookReceiver::close);
  }

  @Test
  void theFirstRunWritesTheCaPemThatTheServerCertificateChainsTo() throws Exception {
    SampleWebhookReceiver receiver = start(null);

    assertEquals(dir.resolve("webhook-ca.pem").toAbsolutePath(), receiver.caPem());
    assertTrue(Files.readString(receiver.caPem()).startsWith("-----BEGIN CERTIFICATE-----"));
    assertEquals(200, post(receiver, STATUS, new String[0]).statusCode());
  }

  @Test
  void aLaterRunKeepsTheSameCa() throws Exception {
    start(null).close();
    String firstCa = Files.readString(dir.resolve("webhook-ca.pem"));

    SampleWebhookReceiver again = start(null);

    assertEquals(firstCa, Files.readString(again.caPem()));
    assertEquals(200, post(again, STATUS, new String[0]).statusCode());
  }

  @Test
  void aCallbackIsAnsweredOkPrintedAndListedAtCallbacks() throws Exception {
    SampleWebhookReceiver receiver = start(null);

    HttpResponse<String> response =
        post(receiver, STATUS, new String[] {"X-Request-Id", "trace-1", "webhook-id", "msg_1"});

    assertEquals(200, response.statusCode());
    JsonArray callbacks = callbacks(receiver);
    assertEquals(1, callbacks.size());
    JsonObject callback = callbacks.getJsonObject(0);
    assertEquals(json(STATUS), callback.getJsonObject("body"));
    assertEquals("/webhook", callback.getString("path"));
    assertEquals("trace-1", callback.getJsonObject("headers").getString("x-request-id"));
    String line = printed();
    assertTrue(line.contains("webhook-id=msg_1 x-request-id=trace-1 " + STATUS), line);
  }

  @Test
  void onlyTheLastThousandCallbacksAreKept() throws Exception {
    SampleWebhookReceiver receiver = start(null);

    for (int i = 0; i < SampleWebhookReceiver.KEPT + 2; i++) {
      post(receiver, "{\"n\":" + i + "}", new String[0]);
    }

    JsonArray callbacks = callbacks(receiver);
    assertEquals(SampleWebhookReceiver.KEPT, callbacks.size());
    assertEquals(2, callbacks.getJsonObject(0).getJsonObject("body").getInt("n"));
  }

  @Test
  void aCorrectlySignedCallbackIsAccepted() throws Exception {
    SampleWebhookReceiver receiver = start(SECRET);
    String timestamp = Long.toString(Instant.now().getEpochSecond());

    HttpResponse<String> response =
        post(
            receiver,
            STATUS,
            signed("msg_2", timestamp, STATUS, SampleWebhookReceiver.signingKey(SECRET)));

    assertEquals(200, response.statusCode());
    assertEquals(1, callbacks(receiver).size());
  }

  @Test
  void aCallbackSignedWithAnotherSecretGets401AndAWarning() throws Exception {
    SampleWebhookReceiver receiver = start(SECRET);
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    byte[] otherKey = "another secret".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response =
        post(receiver, STATUS, signed("msg_3", timestamp, STATUS, otherKey));

    assertEquals(401, response.statusCode());
    assertEquals(0, callbacks(receiver).size());
    assertTrue(printed().contains("WARNING rejected POST /webhook webhook-id=msg_3"), printed());
  }

  @Test
  void anUnsignedCallbackGets401WhenASecretIsSet() throws Exception {
    SampleWebhookReceiver receiver = start(SECRET);

    assertEquals(401, post(receiver, STATUS, new String[0]).statusCode());
  }

  @Test
  void aSignatureOverAnotherBodyGets401() throws Exception {
    SampleWebhookReceiver receiver = start(SECRET);
    String timestamp = Long.toString(Instant.now().getEpochSecond());

    HttpResponse<String> response =
        post(
            receiver,
            STATUS,
            signed("msg_4", timestamp, "{}", SampleWebhookReceiver.signingKey(SECRET)));

    assertEquals(401, response.statusCode());
  }

  @Test
  void aStaleTimestampGets401EvenWithAMatchingSignature() throws Exception {
    SampleWebhookReceiver receiver = start(SECRET);
    String timestamp = Long.toString(Instant.now().getEpochSecond() - 600);

    HttpResponse<String> response =
        post(
            receiver,
            STATUS,
            signed("msg_5", timestamp, STATUS, SampleWebhookReceiver.signingKey(SECRET)));

    assertEquals(401, response.statusCode());
  }

  @Test
  void signaturesReproduceTheStandardWebhooksTestVector() {
    byte[] key = SampleWebhookReceiver.signingKey(SECRET);
    byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    String signature =
        SampleWebhookReceiver.signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body);

    assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
  }

  @Test
  void anyOfSeveralSignaturesMayMatch() {
    byte[] key = SampleWebhookReceiver.signingKey(SECRET);
    byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    String header = "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    assertNull(
        SampleWebhookReceiver.signatureProblem(
            key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            header,
            body,
            Instant.ofEpochSecond(1614265330)));
  }

  @Test
  void aSecretWithoutThePrefixIsUsedAsItsText() {
    assertArrayEquals(
        "plain".getBytes(StandardCharsets.UTF_8), SampleWebhookReceiver.signingKey("plain"));
  }

  private SampleWebhookReceiver start(String secret) throws Exception {
    SampleWebhookReceiver receiver =
        SampleWebhookReceiver.start(
            0, dir, secret, new PrintStream(printed, true, StandardCharsets.UTF_8));
    started.add(receiver);
    client = trustingTheCaOf(receiver);
    return receiver;
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  private static String[] signed(String id, String timestamp, String signedBody, byte[] key) {
    String signature =
        SampleWebhookReceiver.signature(
            key, id, timestamp, signedBody.getBytes(StandardCharsets.UTF_8));
    return new String[] {
      "webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature", signature
    };
  }

  private HttpResponse<String> post(SampleWebhookReceiver receiver, String body, String[] headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(receiver.url()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonArray callbacks(SampleWebhookReceiver receiver) throws Exception {
    URI uri = URI.create(receiver.url()).resolve("/callbacks");
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
      return reader.readArray();
    }
  }

  /** A client that trusts only the CA the receiver wrote, as Parley will once it is uploaded. */
  private static HttpClient trustingTheCaOf(SampleWebhookReceiver receiver) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream pem = Files.newInputStream(receiver.caPem())) {
      trusted.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).build();
  }

  private static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
