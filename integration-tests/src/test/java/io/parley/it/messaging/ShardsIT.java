package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import io.parley.protocol.wire.Shards;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code /v1/account/shards} on one node: the count's validation, and a number split into four
 * shards served by four network connections of this node (one per slot, each with its lease's
 * epoch), with messages both ways for a user of every shard, then back to one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardsIT extends ParleyIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String CC = "1";
  static final String PHONE = "5550008100";
  static final String BUSINESS = CC + PHONE;
  static final String PATH = "/v1/account/shards";

  static SandboxBusiness business;

  /** users.get(k) is a user of shard k of four. */
  static final List<String> users = new ArrayList<>();

  static synchronized void ready() throws Exception {
    if (business != null) {
      return;
    }
    business =
        SandboxBusiness.register(
            CC,
            PHONE,
            Parley.json("{\"webhooks\":{\"message\":{\"sent\":true,\"delivered\":true}}}"));
    users.addAll(Parley.usersPerShard(4, 1, 81000));
  }

  @AfterAll
  static void close() {
    if (business != null) {
      business.close();
    }
  }

  @Test
  @Order(1)
  void aNumberHasOneShardUntilItIsChanged() throws Exception {
    ready();
    ApiClient.Response shards = business.admin().get(PATH);
    assertEquals(200, shards.status(), shards.text());
    assertEquals(1, shards.json().getJsonObject("account").getInt("shards"));
    assertEquals(1, account().getInt("shards"));
  }

  @Test
  @Order(2)
  void invalidChangesAreRefusedAndChangeNothing() throws Exception {
    ready();
    ApiClient admin = business.admin();
    assertError(400, 1008, admin.post(PATH, body(CC, PHONE, null)));
    for (JsonValue count :
        List.of(
            Json.createValue(3),
            Json.createValue(0),
            Json.createValue(64),
            Json.createValue("four"),
            Json.createValue(2.5))) {
      assertError(400, 1009, admin.post(PATH, body(CC, PHONE, count)));
    }
    assertError(400, 1009, admin.post(PATH, body(CC, "5550008199", Json.createValue(2))));
    assertError(400, 1008, admin.post(PATH, Parley.json("{\"shards\":2}")));
    assertEquals(1, admin.get(PATH).json().getJsonObject("account").getInt("shards"));
    assertEquals(1, account().getInt("shards"));
  }

  @Test
  @Order(3)
  void fourShardsAreServedByFourConnectionsAndCarryMessagesBothWays() throws Exception {
    ready();
    ApiClient admin = business.admin();
    ApiClient.Response changed = admin.post(PATH, body(CC, PHONE, Json.createValue(4)));
    assertEquals(201, changed.status(), changed.text());
    assertEquals(4, admin.get(PATH).json().getJsonObject("account").getInt("shards"));

    awaitSlots(4);
    Parley.awaitGateway(admin, "connected", WAIT);
    assertEquals(4.0, Parley.metric("network_shards_connected", ""));

    for (String user : users) {
      Parley.userWhoWrote(business.sandbox(), user, BUSINESS);
    }
    for (String user : users) {
      business.webhook().awaitMessage(m -> m.getString("from").equals(user), WAIT);
    }
    List<String> sent = new ArrayList<>();
    for (String user : users) {
      sent.add(send(user, "shard " + Shards.of(user, 4) + " for " + user));
    }
    for (int shard = 0; shard < 4; shard++) {
      business.webhook().awaitStatus(sent.get(shard), "delivered", WAIT);
      assertTrue(
          inboxHas(users.get(shard), "shard " + shard + " for " + users.get(shard)),
          "message of shard " + shard + " not at its user");
    }
  }

  @Test
  @Order(4)
  void backToOneShardOneConnectionCarriesEveryone() throws Exception {
    ready();
    ApiClient admin = business.admin();
    ApiClient.Response changed = admin.post(PATH, body(CC, PHONE, Json.createValue("1")));
    assertEquals(201, changed.status(), changed.text());

    awaitSlots(1);
    Parley.awaitGateway(admin, "connected", WAIT);
    String user = users.get(3);
    String id = send(user, "after the merge");
    business.webhook().awaitStatus(id, "delivered", WAIT);
    assertTrue(inboxHas(user, "after the merge"));
    business
        .sandbox()
        .call(
            201,
            "POST",
            "/control/users/" + user + "/messages",
            "{\"to\":\"" + BUSINESS + "\",\"type\":\"text\",\"text\":{\"body\":\"merged\"}}");
    business
        .webhook()
        .awaitMessage(
            m ->
                m.getString("from").equals(user)
                    && m.getJsonObject("text").getString("body").equals("merged"),
            WAIT);
  }

  @Test
  @Order(5)
  void theTwoStepPinIsRequiredWhenEnabled() throws Exception {
    ready();
    ApiClient admin = business.admin();
    String twoStep = "/v1/settings/account/two-step";
    assertEquals(200, admin.post(twoStep, Parley.json("{\"pin\":\"864200\"}")).status());
    try {
      assertError(403, 1005, admin.post(PATH, body(CC, PHONE, Json.createValue(2))));
      JsonObject wrong =
          Json.createObjectBuilder(body(CC, PHONE, Json.createValue(2)))
              .add("pin", "111111")
              .build();
      assertError(403, 1005, admin.post(PATH, wrong));
      assertEquals(1, admin.get(PATH).json().getJsonObject("account").getInt("shards"));
      JsonObject right =
          Json.createObjectBuilder(body(CC, PHONE, Json.createValue(1)))
              .add("pin", "864200")
              .build();
      ApiClient.Response accepted = admin.post(PATH, right);
      assertEquals(201, accepted.status(), accepted.text());
    } finally {
      assertEquals(200, admin.delete(twoStep).status());
    }
  }

  private static JsonObject body(String cc, String phone, JsonValue shards) {
    var body = Json.createObjectBuilder().add("cc", cc).add("phone_number", phone);
    if (shards != null) {
      body.add("shards", shards);
    }
    return body.build();
  }

  private static String send(String user, String text) {
    ApiClient.Response sent =
        business
            .admin()
            .post(
                "/v1/messages",
                Json.createObjectBuilder()
                    .add("to", user)
                    .add("text", Json.createObjectBuilder().add("body", text))
                    .build());
    assertEquals(201, sent.status(), sent.text());
    return sent.json().getJsonArray("messages").getJsonObject(0).getString("id");
  }

  private static JsonObject account() {
    return business.sandbox().object(200, "GET", "/control/accounts/" + BUSINESS, null);
  }

  /** Waits until the sandbox shows {@code count} slots for the number, each connected. */
  private static void awaitSlots(int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonArray slots = account().getJsonArray("slots");
      boolean all =
          slots.size() == count
              && slots.stream().allMatch(s -> s.asJsonObject().getBoolean("connected"));
      if (all) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "slots not all connected: " + slots);
      Thread.sleep(200);
    }
  }

  private static boolean inboxHas(String user, String body) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonArray inbox =
          business
              .sandbox()
              .object(200, "GET", "/control/users/" + user + "/inbox", null)
              .getJsonArray("inbox");
      for (JsonValue value : inbox) {
        JsonObject content = value.asJsonObject().getJsonObject("content");
        if (content != null && body.equals(content.getString("body", null))) {
          return true;
        }
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static void assertError(int status, int code, ApiClient.Response response) {
    assertEquals(status, response.status(), response.text());
    assertEquals(code, response.errorCode(), response.text());
  }
}
