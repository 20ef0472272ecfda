package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code /v1/account/shards} on one node: the count's validation, and a number split into four
 * shards served by four network connections of this node (one per slot, each with its lease's
 * epoch), with messages both ways for a user of every shard, then back to one: messages still
 * queued for the shards that go are moved to the one that stays.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardsIT extends ParleyIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String CC = "1";
  static final String PHONE = "5550008100";
  static final String BUSINESS = CC + PHONE;
  static final String PATH = "/v1/account/shards";

  static SandboxBusiness business;

  @ArquillianResource ManagementClient management;

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
    // Messages still queued for shards 1 to 3 when they go: their consumers are held so they wait.
    List<String> stranded = new ArrayList<>();
    for (int shard = 1; shard < 4; shard++) {
      delivery(shard, "stop-delivery");
      assertFalse(delivery(shard, "read-attribute").asBoolean(), "shard " + shard + " delivers");
    }
    for (int shard = 1; shard < 4; shard++) {
      stranded.add(send(users.get(shard), "queued for shard " + shard));
    }
    Thread.sleep(1000);
    for (int shard = 1; shard < 4; shard++) {
      assertEquals(0, inboxCount(users.get(shard), "queued for shard " + shard));
    }

    ApiClient.Response changed = admin.post(PATH, body(CC, PHONE, Json.createValue("1")));
    assertEquals(201, changed.status(), changed.text());
    for (int shard = 1; shard < 4; shard++) {
      business.webhook().awaitStatus(stranded.get(shard - 1), "delivered", WAIT);
      assertEquals(1, inboxCount(users.get(shard), "queued for shard " + shard));
    }

    awaitSlots(1);
    Parley.awaitGateway(admin, "connected", WAIT);
    String user = users.get(3);
    String id = send(user, "after the merge");
    business.webhook().awaitStatus(id, "delivered", WAIT);
    assertTrue(inboxHas(user, "after the merge"));
    business.sandbox().userSendsText(user, BUSINESS, "merged");
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

  /**
   * Runs {@code operation} ({@code stop-delivery}, or {@code read-attribute} of {@code
   * delivery-active}) on the outbound consumer of {@code shard}; its result.
   */
  private ModelNode delivery(int shard, String operation) throws Exception {
    ModelNode address =
        Operations.createAddress(
            "deployment",
            "parley.ear",
            "subdeployment",
            "parley-core.jar",
            "subsystem",
            "ejb3",
            "message-driven-bean",
            "OutboundShard" + shard);
    ModelNode op =
        operation.equals("read-attribute")
            ? Operations.createReadAttributeOperation(address, "delivery-active")
            : Operations.createOperation(operation, address);
    ModelNode result = management.getControllerClient().execute(op);
    assertTrue(Operations.isSuccessfulOutcome(result), result.toString());
    return Operations.readResult(result);
  }

  /** How many messages with text {@code body} are in {@code user}'s inbox now. */
  private static long inboxCount(String user, String body) {
    return business
        .sandbox()
        .object(200, "GET", "/control/users/" + user + "/inbox", null)
        .getJsonArray("inbox")
        .stream()
        .map(value -> value.asJsonObject().getJsonObject("content"))
        .filter(content -> content != null && body.equals(content.getString("body", null)))
        .count();
  }

  /** Whether a message with text {@code body} reaches {@code user}'s inbox within {@link #WAIT}. */
  private static boolean inboxHas(String user, String body) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (inboxCount(user, body) > 0) {
        return true;
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
