package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ParleyIT;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code /v1/contacts} end to end against the sandbox network: numbers in human formats answered
 * valid or invalid by the network, the 7-day cache and {@code force_check}, {@code failed} and
 * {@code processing} while the network cannot be asked, the request's validation, and the identity
 * of a user Parley has a session with, shown and acknowledged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContactsIT extends ParleyIT {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String CC = "1";
  static final String PHONE = "5550002000";
  static final String BUSINESS = CC + PHONE;
  static final String DAN = "447700900101";
  static final String EVE = "447700900102";
  static final String FAY = "447700900103";
  static final String GUS = "447700900104";
  static final String HAL = "447700900105";
  static final String NOBODY = "447700900199";

  static Sandbox sandbox;
  static ApiClient admin;

  static synchronized void ready() {
    if (admin == null) {
      sandbox = Sandbox.get();
      admin = new ApiClient().asAdmin();
    }
  }

  @Test
  @Order(1)
  void withoutTheNetworkWaitFailsAndNoWaitIsProcessingWithTheDigits() {
    ready();
    assertEquals("unregistered", Parley.gatewayStatus(admin));

    JsonArray waited = check("wait", false, "+44 7700 900101", "no number");
    assertAnswer(waited, 0, "+44 7700 900101", "failed", null);
    assertAnswer(waited, 1, "no number", "invalid", null);

    JsonArray notWaited = check("no_wait", false, "+44 7700 900101", "no number");
    assertAnswer(notWaited, 0, "+44 7700 900101", "processing", DAN);
    assertAnswer(notWaited, 1, "no number", "invalid", null);
    assertAnswer(check(null, false, "+44 7700 900101"), 0, "+44 7700 900101", "processing", DAN);
  }

  @Test
  @Order(2)
  void registersWithTheNetwork() throws Exception {
    ready();
    Parley.register(admin, sandbox, CC, PHONE);
    for (String user : List.of(DAN, EVE, FAY, GUS, HAL)) {
      sandbox.call(
          201,
          "POST",
          "/control/users",
          Json.createObjectBuilder()
              .add("wa_id", user)
              .add("name", "User " + user)
              .build()
              .toString());
    }
    assertEquals("connected", Parley.gatewayStatus(admin));
  }

  @Test
  @Order(3)
  void numbersInHumanFormatsAreValidWithTheirWaIdOrInvalidInTheOrderGiven() {
    ready();
    ApiClient.Response response =
        admin.post(
            "/v1/contacts",
            request(
                "wait",
                false,
                "+44 7700 900101",
                "(44) 7700-900.102",
                NOBODY,
                "not a phone number",
                "+44 (0) 7700 900101 ext. 5",
                "447700900101"));
    assertEquals(200, response.status(), response.text());
    assertEquals(List.of("contacts", "meta"), List.copyOf(response.json().keySet()));

    JsonArray contacts = response.json().getJsonArray("contacts");
    assertEquals(6, contacts.size(), contacts.toString());
    assertAnswer(contacts, 0, "+44 7700 900101", "valid", DAN);
    assertAnswer(contacts, 1, "(44) 7700-900.102", "valid", EVE);
    assertAnswer(contacts, 2, NOBODY, "invalid", null);
    assertAnswer(contacts, 3, "not a phone number", "invalid", null);
    assertAnswer(contacts, 4, "+44 (0) 7700 900101 ext. 5", "invalid", null);
    assertAnswer(contacts, 5, "447700900101", "valid", DAN);
  }

  @Test
  @Order(4)
  void noWaitAnswersAtOnceWhenTheNetworkAnswersQuickly() {
    ready();
    JsonArray contacts = check("no_wait", false, "+44-7700-900103", NOBODY);

    assertAnswer(contacts, 0, "+44-7700-900103", "valid", FAY);
    assertAnswer(contacts, 1, NOBODY, "invalid", null);
  }

  @Test
  @Order(5)
  void anAnswerIsCachedUntilForceCheckAsksTheNetworkAgain() {
    ready();
    assertAnswer(check("wait", false, "+" + GUS), 0, "+" + GUS, "valid", GUS);

    sandbox.call(204, "DELETE", "/control/users/" + GUS, null);

    assertAnswer(check("wait", false, GUS), 0, GUS, "valid", GUS);
    assertAnswer(check("no_wait", false, GUS), 0, GUS, "valid", GUS);
    assertAnswer(check("wait", true, GUS), 0, GUS, "invalid", null);
    assertAnswer(check("wait", false, GUS), 0, GUS, "invalid", null);
  }

  @Test
  @Order(6)
  void malformedRequestsAreRefusedWithTheOnPremCodes() {
    ready();
    assertRefused("{\"blocking\":\"sometimes\",\"contacts\":[\"" + DAN + "\"]}", 1009);
    assertRefused("{\"blocking\":\"wait\",\"contacts\":[]}", 1009);
    assertRefused("{\"blocking\":\"wait\",\"contacts\":\"" + DAN + "\"}", 1009);
    assertRefused("{\"contacts\":[" + DAN + "]}", 1009);
    assertRefused("{\"contacts\":[\"" + DAN + "\"],\"force_check\":\"yes\"}", 1009);
    assertRefused("{\"blocking\":\"wait\"}", 1008);
    assertRefused("{\"contacts\":", 1025);
  }

  @Test
  @Order(7)
  void theIdentityOfAUserWhoWroteIsShownAndAcknowledged() throws Exception {
    ready();
    long before = System.currentTimeMillis() / 1000;
    userSends(HAL, "Hello, is anyone there?");
    String expected = identityHash(HAL);

    JsonObject identity = awaitIdentity(HAL, expected);
    long createdAt = identity.getJsonNumber("created_at").longValueExact();
    assertTrue(
        createdAt >= before && createdAt <= System.currentTimeMillis() / 1000 + 1,
        identity.toString());
    ApiClient.Response again = admin.get("/v1/contacts/" + HAL + "/identity");
    assertEquals(200, again.status(), again.text());
    assertEquals(identity, again.json().getJsonArray("identity").getJsonObject(0));

    ApiClient.Response wrong = acknowledge(HAL, "AAAAAAAAAAA=");
    assertEquals(400, wrong.status(), wrong.text());
    assertEquals(1009, wrong.errorCode());
    ApiClient.Response noHash =
        admin.put("/v1/contacts/" + HAL + "/identity", JsonValue.EMPTY_JSON_OBJECT);
    assertEquals(400, noHash.status(), noHash.text());
    assertEquals(1008, noHash.errorCode());

    ApiClient.Response right = acknowledge(HAL, expected);
    assertEquals(200, right.status(), right.text());
    assertEquals(List.of("meta"), List.copyOf(right.json().keySet()));
  }

  @Test
  @Order(8)
  void aReinstalledUsersNewIdentityReplacesTheOldOne() throws Exception {
    ready();
    String old = identityHash(HAL);
    long before = System.currentTimeMillis() / 1000;
    sandbox.call(200, "POST", "/control/users/" + HAL + "/reinstall", "{}");
    String renewed = identityHash(HAL);
    assertNotEquals(old, renewed);
    awaitNoSession(HAL);
    userSends(HAL, "New phone, same me.");

    JsonObject identity = awaitIdentity(HAL, renewed);
    assertTrue(
        identity.getJsonNumber("created_at").longValueExact() >= before, identity.toString());
    ApiClient.Response stale = acknowledge(HAL, old);
    assertEquals(400, stale.status(), stale.text());
    assertEquals(1009, stale.errorCode());
    ApiClient.Response current = acknowledge(HAL, renewed);
    assertEquals(200, current.status(), current.text());
  }

  @Test
  @Order(9)
  void aUserWithoutASessionHasNoIdentity() {
    ready();
    ApiClient.Response shown = admin.get("/v1/contacts/" + EVE + "/identity");
    assertEquals(404, shown.status(), shown.text());
    assertEquals(1006, shown.errorCode());

    ApiClient.Response acknowledged = acknowledge(NOBODY, "AAAAAAAAAAA=");
    assertEquals(404, acknowledged.status(), acknowledged.text());
    assertEquals(1006, acknowledged.errorCode());

    ApiClient.Response notANumber = admin.get("/v1/contacts/somebody/identity");
    assertEquals(404, notANumber.status(), notANumber.text());
    assertEquals(1006, notANumber.errorCode());
  }

  // --- helpers

  private static JsonObject request(String blocking, boolean forceCheck, String... contacts) {
    JsonArrayBuilder numbers = Json.createArrayBuilder();
    Arrays.stream(contacts).forEach(numbers::add);
    var body = Json.createObjectBuilder().add("contacts", numbers);
    if (blocking != null) {
      body.add("blocking", blocking);
    }
    if (forceCheck) {
      body.add("force_check", true);
    }
    return body.build();
  }

  /** Checks {@code contacts}; the answer's {@code contacts}. */
  private static JsonArray check(String blocking, boolean forceCheck, String... contacts) {
    ApiClient.Response response =
        admin.post("/v1/contacts", request(blocking, forceCheck, contacts));
    assertEquals(200, response.status(), response.text());
    return response.json().getJsonArray("contacts");
  }

  private static void assertAnswer(
      JsonArray contacts, int index, String input, String status, String waId) {
    JsonObject answer = contacts.getJsonObject(index);
    assertEquals(input, answer.getString("input"), answer.toString());
    assertEquals(status, answer.getString("status"), answer.toString());
    if (waId == null) {
      assertFalse(answer.containsKey("wa_id"), answer.toString());
    } else {
      assertEquals(waId, answer.getString("wa_id"), answer.toString());
    }
  }

  private static void assertRefused(String body, int code) {
    ApiClient.Response response =
        admin.send("POST", "/v1/contacts", body, Map.of("Content-Type", "application/json"));
    assertEquals(400, response.status(), response.text());
    assertEquals(code, response.errorCode(), response.text());
  }

  private static ApiClient.Response acknowledge(String user, String hash) {
    return admin.put(
        "/v1/contacts/" + user + "/identity", Json.createObjectBuilder().add("hash", hash).build());
  }

  private static void userSends(String user, String text) {
    sandbox.userSendsText(user, BUSINESS, text);
  }

  /**
   * The hash of {@code user}'s identity key as its device holds it: the first 8 bytes of its
   * SHA-256, base64, computed here independently of Parley.
   */
  private static String identityHash(String user) throws Exception {
    byte[] identity =
        Base64.getDecoder()
            .decode(
                sandbox.object(200, "GET", "/control/users/" + user, null).getString("identity"));
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(digest, 8));
  }

  /** Waits until Parley dropped its session with {@code user} (told of a new identity). */
  private static void awaitNoSession(String user) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    ApiClient.Response shown;
    while ((shown = admin.get("/v1/contacts/" + user + "/identity")).status() != 404) {
      assertEquals(200, shown.status(), shown.text());
      assertTrue(System.nanoTime() < deadline, "the session with " + user + " was never dropped");
      Thread.sleep(100);
    }
    assertEquals(1006, shown.errorCode());
  }

  /**
   * Waits until Parley shows {@code hash} as {@code user}'s identity (its message is handled
   * asynchronously); the identity entry.
   */
  private static JsonObject awaitIdentity(String user, String hash) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      ApiClient.Response shown = admin.get("/v1/contacts/" + user + "/identity");
      if (shown.status() == 200) {
        JsonObject identity = shown.json().getJsonArray("identity").getJsonObject(0);
        if (identity.getString("hash").equals(hash)) {
          return identity;
        }
      } else {
        assertEquals(404, shown.status(), shown.text());
      }
      assertTrue(System.nanoTime() < deadline, user + "'s identity never became " + hash);
      Thread.sleep(100);
    }
  }
}
