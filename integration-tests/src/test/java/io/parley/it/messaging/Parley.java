package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.webhooks.TestWebhookReceiver;
import io.parley.protocol.wire.Shards;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** Steps end-to-end tests take on a Parley server as a business would: registration, webhook. */
public final class Parley {

  /** The monitoring API key the test servers are configured with. */
  static final String MONITORING_KEY = "parley-it-monitoring-key";

  private Parley() {}

  /** Registers {@code cc}+{@code phone} with the sandbox network and waits until connected. */
  public static void register(ApiClient admin, Sandbox sandbox, String cc, String phone)
      throws InterruptedException {
    registerWithoutWaiting(admin, sandbox, cc, phone);
    awaitGateway(admin, "connected", Duration.ofSeconds(30));
  }

  /** Registers {@code cc}+{@code phone} without waiting for a connection (a multi-node domain). */
  public static void registerWithoutWaiting(
      ApiClient admin, Sandbox sandbox, String cc, String phone) {
    String cert =
        sandbox
            .object(
                201,
                "POST",
                "/control/certificates",
                Json.createObjectBuilder()
                    .add("cc", cc)
                    .add("phone_number", phone)
                    .add("verified_name", "Shop " + phone)
                    .build()
                    .toString())
            .getString("certificate");
    ApiClient.Response asked =
        admin.post(
            "/v1/account",
            Json.createObjectBuilder()
                .add("cc", cc)
                .add("phone_number", phone)
                .add("method", "sms")
                .add("cert", cert)
                .build());
    assertEquals(202, asked.status(), asked.text());
    String code =
        sandbox.object(200, "GET", "/control/registrations/" + cc + phone, null).getString("code");
    ApiClient.Response verified =
        admin.post("/v1/account/verify", Json.createObjectBuilder().add("code", code).build());
    assertEquals(201, verified.status(), verified.text());
  }

  /** A new user without the admin role, named {@code name}, logged in. */
  public static ApiClient newUser(ApiClient admin, String name) {
    String password = "User-Passw0rd!";
    ApiClient.Response created =
        admin.post(
            "/v1/users",
            Json.createObjectBuilder().add("username", name).add("password", password).build());
    assertEquals(201, created.status(), created.text());
    ApiClient.Response login = new ApiClient().login(name, password, null);
    assertEquals(200, login.status(), login.text());
    return new ApiClient()
        .withToken(login.json().getJsonArray("users").getJsonObject(0).getString("token"));
  }

  /** Sets the application setting {@code media.<name>} to the list {@code values}. */
  public static void setMediaList(ApiClient admin, String name, String... values) {
    ApiClient.Response patched =
        admin.patch(
            "/v1/settings/application",
            Json.createObjectBuilder()
                .add(
                    "media",
                    Json.createObjectBuilder().add(name, Json.createArrayBuilder(List.of(values))))
                .build());
    assertEquals(200, patched.status(), patched.text());
  }

  /** Uploads the receiver's CA and points {@code webhooks.url} at it, with {@code settings}. */
  public static void useWebhook(ApiClient admin, TestWebhookReceiver webhook, JsonObject settings) {
    ApiClient.Response ca =
        admin.send(
            "POST",
            "/v1/certificates/webhooks/ca",
            webhook.caPem(),
            Map.of("Content-Type", "text/plain"));
    assertEquals(201, ca.status(), ca.text());
    JsonObject patch =
        Json.createObjectBuilder(settings)
            .add(
                "webhooks",
                Json.createObjectBuilder(
                        settings.containsKey("webhooks")
                            ? settings.getJsonObject("webhooks")
                            : JsonObject.EMPTY_JSON_OBJECT)
                    .add("url", webhook.url()))
            .build();
    ApiClient.Response patched = admin.patch("/v1/settings/application", patch);
    assertEquals(200, patched.status(), patched.text());
  }

  public static String gatewayStatus(ApiClient admin) {
    return admin.get("/v1/health").json().getJsonObject("health").getString("gateway_status");
  }

  public static void awaitGateway(ApiClient admin, String wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String status;
    while (!(status = gatewayStatus(admin)).equals(wanted)) {
      assertTrue(System.nanoTime() < deadline, "gateway stayed " + status);
      Thread.sleep(200);
    }
  }

  /**
   * A virtual user who has written to {@code business} (so its customer-service window is open).
   */
  public static void userWhoWrote(Sandbox sandbox, String user, String business) {
    sandbox.call(
        201,
        "POST",
        "/control/users",
        Json.createObjectBuilder()
            .add("wa_id", user)
            .add("name", "User " + user)
            .build()
            .toString());
    sandbox.userSendsText(user, business, "hello");
  }

  /**
   * The sum of the samples of {@code name} in {@code /metrics} whose labels include {@code label}
   * (for example {@code outcome="failed"}; empty for all), or -1 when there is no such sample.
   */
  public static double metric(String name, String label) {
    String text =
        new ApiClient()
            .send("GET", "/metrics", null, Map.of("Authorization", "Apikey " + MONITORING_KEY))
            .text();
    Matcher sample =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
    double sum = 0;
    boolean found = false;
    while (sample.find()) {
      if (sample.group(1).contains(label)) {
        sum += Double.parseDouble(sample.group(2));
        found = true;
      }
    }
    return found ? sum : -1;
  }

  public static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  /** {@code perShard} user numbers for each of {@code shards}, from 4477009{@code first} on. */
  public static List<String> usersPerShard(int shards, int perShard, int first) {
    return IntStream.range(0, shards)
        .boxed()
        .flatMap(
            shard ->
                IntStream.range(0, 1000)
                    .mapToObj(i -> "4477009" + (first + i))
                    .filter(user -> Shards.of(user, shards) == shard)
                    .limit(perShard))
        .toList();
  }
}
