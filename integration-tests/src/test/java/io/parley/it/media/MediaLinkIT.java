package io.parley.it.media;

import static io.parley.it.messaging.MediaSteps.accepted;
import static io.parley.it.messaging.MediaSteps.assertRefused;
import static io.parley.it.messaging.MediaSteps.pngBytes;
import static io.parley.it.messaging.MediaSteps.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.FreshDatabase;
import io.parley.it.ItEnvironment;
import io.parley.it.ParleyIT;
import io.parley.it.SystemProperties;
import io.parley.it.messaging.MediaSteps;
import io.parley.it.messaging.Parley;
import io.parley.it.messaging.Sandbox;
import io.parley.it.messaging.SandboxBusiness;
import io.parley.it.webhooks.TestWebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.as.arquillian.api.ServerSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Media by link (§2) and media providers (§4), end to end: a web server in the test JVM on
 * 127.0.0.1 ({@link LinkServer}), which the tests allow-list in {@code media.link_allowlist},
 * serves the files; Parley fetches them when the message is sent, encrypts and uploads them, and
 * the virtual user's device receives the same bytes. Files behind a bearer token or basic
 * credentials arrive with a provider and fail without; the guard refuses loopback and private
 * addresses that are not allow-listed; a non-http link and an unknown provider are refused at the
 * POST; a file over the type's limit and a server slower than the fetch's time-out (3 s here,
 * {@link ShortLinkTimeout}) fail the message. Template media parameters by link and id are
 * delivered as given, and provider secrets reach neither responses nor logs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ServerSetup({FreshDatabase.class, MediaLinkIT.ShortLinkTimeout.class})
class MediaLinkIT extends ParleyIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String CC = "1";
  static final String PHONE = "5550006000";
  static final String BUSINESS = CC + PHONE;
  static final String JUNE = "447700900601";
  static final String NAMESPACE = "it-media-link";
  static final String PROVIDERS = "/v1/settings/application/media/providers";
  static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000);
  static final String BEARER = "it-bearer-token-" + SUFFIX;
  static final String BASIC_USER = "shop-files";
  static final String BASIC_PASSWORD = "it-basic-password-" + SUFFIX;

  /** Sets {@code parley.media.link.timeout-ms} to 3 s while this class runs. */
  public static class ShortLinkTimeout extends SystemProperties {
    public ShortLinkTimeout() {
      super(Map.of("parley.media.link.timeout-ms", "3000"));
    }
  }

  static SandboxBusiness business;
  static Sandbox sandbox;
  static TestWebhookReceiver webhook;
  static LinkServer links;
  static ApiClient admin;

  /**
   * Once per class: sandbox, webhook receiver, link server (allow-listed), registration, a user
   * whose window is open, and a template with an image header.
   */
  static synchronized void ready() throws Exception {
    if (admin != null) {
      return;
    }
    links = LinkServer.start();
    business =
        SandboxBusiness.register(
            CC,
            PHONE,
            Parley.json("{\"webhooks\":{\"message\":{\"sent\":true,\"delivered\":true}}}"));
    sandbox = business.sandbox();
    webhook = business.webhook();
    admin = business.admin();
    allowList("127.0.0.1");
    Parley.userWhoWrote(sandbox, JUNE, BUSINESS);
    sandbox.call(
        201,
        "POST",
        "/control/templates",
        "{\"namespace\":\""
            + NAMESPACE
            + "\",\"name\":\"shelf_ready\",\"language\":\"en_US\",\"components\":"
            + "[{\"type\":\"header\",\"format\":\"IMAGE\"},"
            + "{\"type\":\"body\",\"text\":\"Shelf {{1}} is ready\"}]}");
  }

  @AfterAll
  static void close() {
    if (business != null) {
      business.close();
    }
    if (links != null) {
      links.close();
    }
  }

  // --- providers

  @Test
  @Order(1)
  void providersAreAddedListedWithoutTheirSecretsAndDeleted() throws Exception {
    ready();

    ApiClient.Response added =
        admin.post(
            PROVIDERS,
            array(
                "[{\"name\":\"cdn\",\"type\":\"www\",\"config\":{\"bearer\":\""
                    + BEARER
                    + "\"}},"
                    + "{\"name\":\"files\",\"type\":\"www\",\"config\":{\"basic\":{\"username\":\""
                    + BASIC_USER
                    + "\",\"password\":\""
                    + BASIC_PASSWORD
                    + "\"}}},"
                    + "{\"name\":\"spare\",\"type\":\"www\",\"config\":{\"bearer\":\"x\"}}]"));
    assertEquals(200, added.status(), added.text());
    ApiClient.Response deleted = admin.delete(PROVIDERS + "/spare");
    assertEquals(200, deleted.status(), deleted.text());

    ApiClient.Response listed = admin.get(PROVIDERS);

    assertEquals(200, listed.status(), listed.text());
    assertEquals(
        array(
            "[{\"name\":\"cdn\",\"type\":\"www\",\"config\":{\"bearer\":\"********\"}},"
                + "{\"name\":\"files\",\"type\":\"www\",\"config\":{\"basic\":{\"username\":\""
                + BASIC_USER
                + "\",\"password\":\"********\"}}}]"),
        listed
            .json()
            .getJsonObject("settings")
            .getJsonObject("application")
            .getJsonObject("media")
            .getJsonArray("providers"));
    assertFalse(listed.text().contains(BEARER));
    assertFalse(listed.text().contains(BASIC_PASSWORD));
  }

  @Test
  @Order(2)
  void invalidProviderRequestsAreRefused() throws Exception {
    ready();

    assertRefused(admin.post(PROVIDERS, Parley.json("{\"name\":\"one\"}")), 400, 1009);
    assertRefused(
        admin.post(PROVIDERS, array("[{\"type\":\"www\",\"config\":{\"bearer\":\"t\"}}]")),
        400,
        1008);
    assertRefused(
        admin.post(
            PROVIDERS, array("[{\"name\":\"s3\",\"type\":\"s3\",\"config\":{\"bearer\":\"t\"}}]")),
        400,
        1009);
    assertRefused(
        admin.post(
            PROVIDERS,
            array(
                "[{\"name\":\"both\",\"type\":\"www\",\"config\":{\"bearer\":\"t\","
                    + "\"basic\":{\"username\":\"u\",\"password\":\"p\"}}}]")),
        400,
        1009);
    assertRefused(admin.delete(PROVIDERS + "/never-added"), 404, 1006);
    assertRefused(Parley.newUser(admin, "links" + SUFFIX).get(PROVIDERS), 403, 1005);
  }

  // --- media by link

  @Test
  @Order(3)
  void anImageByLinkArrivesByteForByte() throws Exception {
    ready();
    byte[] png = pngBytes(300_000);
    links.file("/shelf.png", "image/png", png);

    String id =
        accepted(
            send(
                "image",
                Json.createObjectBuilder()
                    .add("link", links.url("/shelf.png"))
                    .add("caption", "The new shelf")
                    .build()));

    JsonObject received = delivered(id, "image", "image/png", png);
    assertEquals("The new shelf", received.getString("caption"));
  }

  @Test
  @Order(4)
  void aDocumentByLinkBehindABearerTokenArrivesWithItsProvider() throws Exception {
    ready();
    byte[] pdf = randomBytes(200_000, 4);
    links.withBearer("/bearer/invoice.pdf", BEARER, "application/pdf", pdf);

    String id = accepted(send("document", linkTo("/bearer/invoice.pdf", "cdn", "invoice-4.pdf")));

    JsonObject received = delivered(id, "document", "application/pdf", pdf);
    assertEquals("invoice-4.pdf", received.getString("filename"));
  }

  @Test
  @Order(5)
  void aDocumentByLinkBehindBasicCredentialsArrivesWithItsProvider() throws Exception {
    ready();
    byte[] text = randomBytes(50_000, 5);
    links.withBasic("/basic/list.txt", BASIC_USER, BASIC_PASSWORD, "text/plain", text);

    String id = accepted(send("document", linkTo("/basic/list.txt", "files", null)));

    delivered(id, "document", "text/plain", text);
  }

  @Test
  @Order(6)
  void withoutItsProviderTheServersRefusalFailsTheMessage() throws Exception {
    ready();
    links.withBearer("/bearer/locked.pdf", BEARER, "application/pdf", randomBytes(1000, 6));

    String id = accepted(send("document", linkTo("/bearer/locked.pdf", null, null)));

    JsonObject error = failedWith(id, 400);
    assertTrue(error.getString("details").endsWith("answered HTTP 401"), error.toString());
    assertEquals(1, links.requests("/bearer/locked.pdf"));
  }

  @Test
  @Order(7)
  void aLinkNamingAProviderThatIsNotConfiguredIsRefusedWith1009() throws Exception {
    ready();

    assertRefused(send("document", linkTo("/bearer/locked.pdf", "nobody", null)), 400, 1009);
  }

  @Test
  @Order(8)
  void aLinkThatIsNotHttpOrHttpsIsRefusedWith1009() throws Exception {
    ready();

    for (String link : List.of("ftp://127.0.0.1/a.png", "file:///etc/hostname", "not a link")) {
      assertRefused(send("image", Json.createObjectBuilder().add("link", link).build()), 400, 1009);
    }
  }

  @Test
  @Order(9)
  void aLoopbackLinkThatIsNotAllowListedIsRefusedByTheGuard() throws Exception {
    ready();
    links.file("/guarded.png", "image/png", pngBytes(1000));
    allowList("10.9.9.9");
    try {
      assertEquals(
          Json.createArrayBuilder().add("10.9.9.9/32").build(),
          admin
              .get("/v1/settings/application")
              .json()
              .getJsonObject("settings")
              .getJsonObject("application")
              .getJsonObject("media")
              .getJsonArray("link_allowlist"));
      String id =
          accepted(
              send(
                  "image",
                  Json.createObjectBuilder().add("link", links.url("/guarded.png")).build()));

      JsonObject error = failedWith(id, 400);
      assertTrue(
          error.getString("details").contains("127.0.0.1 is a loopback address"), error.toString());
      assertEquals(0, links.requests("/guarded.png"));
    } finally {
      allowList("127.0.0.1");
    }
  }

  @Test
  @Order(10)
  void aLinkToAPrivateAddressIsRefusedByTheGuard() throws Exception {
    ready();

    String id =
        accepted(
            send(
                "image",
                Json.createObjectBuilder().add("link", "http://10.255.255.1:8080/a.png").build()));

    JsonObject error = failedWith(id, 400);
    assertTrue(
        error.getString("details").contains("10.255.255.1 is a private address"), error.toString());
  }

  @Test
  @Order(11)
  void aFileOverTheTypesLimitFailsTheMessage() throws Exception {
    ready();
    links.file("/huge.png", "image/png", pngBytes(5 * 1024 * 1024 + 1));

    String id =
        accepted(
            send("image", Json.createObjectBuilder().add("link", links.url("/huge.png")).build()));

    JsonObject error = failedWith(id, 400);
    assertTrue(
        error.getString("details").contains("larger than the 5242880 bytes"), error.toString());
  }

  @Test
  @Order(12)
  void aServerSlowerThanTheTimeOutFailsTheMessage() throws Exception {
    ready();
    links.slowly("/slow.png", "image/png", pngBytes(1000));

    String id =
        accepted(
            send("image", Json.createObjectBuilder().add("link", links.url("/slow.png")).build()));

    JsonObject error = failedWith(id, 400);
    assertTrue(error.getString("details").contains("did not answer in time"), error.toString());
  }

  @Test
  @Order(13)
  void aFileOfATypeTheMessageTypeDoesNotTakeFailsWith2008() throws Exception {
    ready();
    links.file("/anim.gif", "image/gif", randomBytes(1000, 13));

    String id =
        accepted(
            send("image", Json.createObjectBuilder().add("link", links.url("/anim.gif")).build()));

    failedWith(id, 2008);
  }

  // --- templates

  @Test
  @Order(14)
  void aTemplateWithAnImageHeaderByLinkIsDeliveredAsGiven() throws Exception {
    ready();
    JsonObject header =
        Json.createObjectBuilder()
            .add("type", "image")
            .add("image", Json.createObjectBuilder().add("link", links.url("/shelf.png")))
            .build();

    JsonObject content = deliveredTemplate(header);

    assertEquals("Shelf A-1 is ready", content.getString("rendered"), content.toString());
  }

  @Test
  @Order(15)
  void aTemplateWithAnImageHeaderByIdIsDeliveredAsGiven() throws Exception {
    ready();
    String mediaId = MediaSteps.upload(admin, "image/png", pngBytes(2000));
    JsonObject header =
        Json.createObjectBuilder()
            .add("type", "image")
            .add("image", Json.createObjectBuilder().add("id", mediaId))
            .build();

    deliveredTemplate(header);
  }

  @Test
  @Order(16)
  void aTemplateMediaParameterIsCheckedLikeAMediaMessage() throws Exception {
    ready();
    JsonObject unknownId =
        Json.createObjectBuilder()
            .add("type", "image")
            .add("image", Json.createObjectBuilder().add("id", UUID.randomUUID().toString()))
            .build();
    JsonObject badLink =
        Json.createObjectBuilder().add("type", "image").add("link", "ftp://x.org/a.png").build();
    JsonObject unknownProvider =
        Json.createObjectBuilder()
            .add("type", "document")
            .add(
                "document",
                Json.createObjectBuilder()
                    .add("link", links.url("/a.pdf"))
                    .add("provider", Json.createObjectBuilder().add("name", "nobody")))
            .build();

    assertRefused(sendTemplate(unknownId), 404, 1006);
    assertRefused(sendTemplate(badLink), 400, 1009);
    assertRefused(sendTemplate(unknownProvider), 400, 1009);
  }

  // --- secrets

  @Test
  @Order(17)
  void providerSecretsReachNeitherResponsesNorLogs() throws Exception {
    ready();
    String basic =
        Base64.getEncoder()
            .encodeToString((BASIC_USER + ":" + BASIC_PASSWORD).getBytes(StandardCharsets.UTF_8));
    ApiClient.Response listed = admin.get(PROVIDERS);
    ApiClient.Response refused =
        admin.post(
            PROVIDERS,
            array(
                "[{\"name\":\"bad name\",\"type\":\"www\",\"config\":{\"bearer\":\""
                    + BEARER
                    + "\"}}]"));
    assertEquals(400, refused.status(), refused.text());

    for (String secret : List.of(BEARER, BASIC_PASSWORD, basic)) {
      assertFalse(listed.text().contains(secret), "GET holds a secret");
      assertFalse(refused.text().contains(secret), "the refusal holds a secret");
      Path logs = ItEnvironment.wildflyDir().toPath().resolve("standalone/log");
      for (String file : List.of("server.log", "parley.log")) {
        String log = Files.readString(logs.resolve(file), StandardCharsets.UTF_8);
        assertFalse(log.contains(secret), file + " holds a provider secret");
      }
    }
  }

  // --- helpers

  /** Sets {@code media.link_allowlist} to {@code entries}. */
  private static void allowList(String... entries) {
    Parley.setMediaList(admin, "link_allowlist", entries);
  }

  /** A document or image object by link to {@code path}, with a provider and file name if given. */
  private static JsonObject linkTo(String path, String provider, String filename) {
    var media = Json.createObjectBuilder().add("link", links.url(path));
    if (provider != null) {
      media.add("provider", Json.createObjectBuilder().add("name", provider));
    }
    if (filename != null) {
      media.add("filename", filename);
    }
    return media.build();
  }

  /**
   * Waits for message {@code id} to be delivered to {@link #JUNE} and checks what her device got:
   * {@code type}, {@code mimeType} and exactly {@code content}. The received content object.
   */
  private static JsonObject delivered(String id, String type, String mimeType, byte[] content)
      throws Exception {
    webhook.awaitStatus(id, "delivered", WAIT);
    JsonObject entry = MediaSteps.inboxEntry(sandbox, JUNE, id, WAIT);
    JsonObject received = entry.getJsonObject("content");
    assertEquals(type, entry.getString("type"));
    assertEquals(mimeType, received.getString("mime_type"));
    assertFalse(received.containsKey("download_error"), received.toString());
    assertArrayEquals(content, sandbox.bytes("/control/users/" + JUNE + "/media/" + id));
    return received;
  }

  /** The error of message {@code id}'s failed status, which must carry {@code code}. */
  private static JsonObject failedWith(String id, int code) {
    JsonObject status = webhook.awaitStatus(id, "failed", WAIT);
    JsonObject error = status.getJsonArray("errors").getJsonObject(0);
    assertEquals(code, error.getInt("code"), status.toString());
    return error;
  }

  /**
   * Sends the {@code shelf_ready} template with {@code header} as its header parameter, waits for
   * its delivery and checks the components arrived as given. The inbox entry's content.
   */
  private static JsonObject deliveredTemplate(JsonObject header) throws Exception {
    ApiClient.Response sent = sendTemplate(header);
    String id = accepted(sent);
    webhook.awaitStatus(id, "delivered", WAIT);
    JsonObject content = MediaSteps.inboxEntry(sandbox, JUNE, id, WAIT).getJsonObject("content");
    assertEquals(components(header), content.getJsonArray("components"));
    return content;
  }

  private static ApiClient.Response sendTemplate(JsonObject header) {
    return admin.post(
        "/v1/messages",
        Json.createObjectBuilder()
            .add("to", JUNE)
            .add("type", "template")
            .add(
                "template",
                Json.createObjectBuilder()
                    .add("namespace", NAMESPACE)
                    .add("name", "shelf_ready")
                    .add(
                        "language",
                        Json.createObjectBuilder()
                            .add("policy", "deterministic")
                            .add("code", "en_US"))
                    .add("components", components(header)))
            .build());
  }

  private static JsonArray components(JsonObject header) {
    return Json.createArrayBuilder()
        .add(
            Json.createObjectBuilder()
                .add("type", "header")
                .add("parameters", Json.createArrayBuilder().add(header)))
        .add(
            Json.createObjectBuilder()
                .add("type", "body")
                .add(
                    "parameters",
                    Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("type", "text").add("text", "A-1"))))
        .build();
  }

  private static ApiClient.Response send(String type, JsonObject media) {
    return admin.post(
        "/v1/messages",
        Json.createObjectBuilder().add("to", JUNE).add("type", type).add(type, media).build());
  }

  private static JsonArray array(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readArray();
    }
  }
}
