package io.parley.it.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestWebhookReceiverTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String SENT =
      "{\"statuses\":[{\"id\":\"gBE1\",\"recipient_id\":\"16315551234\",\"status\":\"sent\"}]}";
  private static final String DELIVERED =
      "{\"statuses\":[{\"id\":\"gBE1\",\"recipient_id\":\"16315551234\",\"status\":\"delivered\"}]}";
  private static final String INBOUND =
      "{\"contacts\":[{\"profile\":{\"name\":\"Kerry\"},\"wa_id\":\"16315551234\"}],"
          + "\"messages\":[{\"from\":\"16315551234\",\"id\":\"ABG1\",\"type\":\"text\","
          + "\"text\":{\"body\":\"Hello\"}}]}";

  private TestWebhookReceiver receiver;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    receiver = TestWebhookReceiver.start();
    client = trusting(receiver.caPem());
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void aCallbackPostedOverTlsIsAnsweredOkAndRecordedWithItsHeaders() throws Exception {
    HttpResponse<String> response = post(SENT, "webhook-id", "msg_1");

    assertEquals(200, response.statusCode());
    assertEquals(List.of(json(SENT)), receiver.callbacks());
    assertEquals("msg_1", receiver.lastHeaders().get("Webhook-Id"));
    assertEquals("application/json", receiver.lastHeaders().get("content-type"));
    assertEquals(1, receiver.attempts());
  }

  @Test
  void whileDownEveryPostIsAnswered503AndCountedButNotRecorded() throws Exception {
    receiver.down();

    assertEquals(503, post(SENT, "webhook-id", "msg_1").statusCode());
    assertEquals(503, post(SENT, "webhook-id", "msg_1").statusCode());

    assertEquals(2, receiver.attempts());
    assertEquals(2, receiver.requestHeaders().size());
    assertEquals(List.of(), receiver.callbacks());
  }

  @Test
  void upAcceptsCallbacksAgain() throws Exception {
    receiver.down();
    post(SENT, "webhook-id", "msg_1");

    receiver.up();

    assertEquals(200, post(SENT, "webhook-id", "msg_1").statusCode());
    assertEquals(List.of(json(SENT)), receiver.callbacks());
    assertEquals(2, receiver.attempts());
  }

  @Test
  void awaitStatusReturnsTheStatusElementThatArrivesLater() throws Exception {
    post(SENT, "webhook-id", "msg_1");
    var later = client.sendAsync(request(DELIVERED), HttpResponse.BodyHandlers.ofString());

    JsonObject delivered = receiver.awaitStatus("gBE1", "delivered", WAIT);

    assertEquals("delivered", delivered.getString("status"));
    assertEquals("16315551234", delivered.getString("recipient_id"));
    assertEquals(200, later.get().statusCode());
  }

  @Test
  void awaitMessageReturnsTheMessageWithItsWholeCallback() throws Exception {
    post(SENT, "webhook-id", "msg_1");
    post(INBOUND, "webhook-id", "msg_2");

    TestWebhookReceiver.MessageCallback inbound =
        receiver.awaitMessage(message -> "text".equals(message.getString("type")), WAIT);

    assertEquals("Hello", inbound.message().getJsonObject("text").getString("body"));
    assertEquals(
        "Kerry",
        inbound
            .body()
            .getJsonArray("contacts")
            .getJsonObject(0)
            .getJsonObject("profile")
            .getString("name"));
  }

  @Test
  void awaitAttemptsCountsPostsAnsweredWhileDown() throws Exception {
    receiver.down();
    client.sendAsync(request(SENT), HttpResponse.BodyHandlers.discarding());

    assertEquals(1, receiver.awaitAttempts(1, WAIT));
  }

  @Test
  void aWaitThatRunsOutFailsWithWhatArrived() throws Exception {
    post(SENT, "webhook-id", "msg_1");

    AssertionError failure =
        assertThrows(
            AssertionError.class,
            () -> receiver.awaitStatus("gBE1", "read", Duration.ofMillis(200)));

    assertTrue(failure.getMessage().contains("\"status\":\"sent\""), failure.getMessage());
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    return client.send(request(body, headers), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(receiver.url()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return request.build();
  }

  /** A client that trusts only the receiver's CA, as Parley will once it is uploaded. */
  private static HttpClient trusting(String caPem) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
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
