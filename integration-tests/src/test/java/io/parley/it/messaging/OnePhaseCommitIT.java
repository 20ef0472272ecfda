package io.parley.it.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ItEnvironment;
import io.parley.it.ParleyIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a CoreApp does commits in one phase, so that a CoreApp killed at any moment leaves no
 * transaction prepared in the database: such a transaction keeps its row locks until its own node
 * comes back and recovers it, and would hold up the node that took over its shards. The inbound
 * consumer's database work commits before its delivery commits on the broker; what a database
 * transaction asks of the broker (a webhook retry, a transient callback) is sent after its commit.
 * MariaDB counts every {@code XA PREPARE} it runs: the count stays put while users' texts and an
 * auto-downloaded image come in, while the webhook refuses its callbacks and then takes them, and
 * while callbacks go out without {@code callback_persist}, each of which arrives.
 */
class OnePhaseCommitIT extends ParleyIT {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final String USER = "447700970101";

  static SandboxBusiness business;
  static ApiClient admin;

  @BeforeAll
  static void register() throws Exception {
    business =
        SandboxBusiness.register(
            "1",
            "5550009700",
            Json.createObjectBuilder()
                .add("callback_backoff_delay_ms", 500)
                .add("max_callback_backoff_delay_ms", 1000)
                .build());
    admin = business.admin();
    Parley.setMediaList(admin, "auto_download", "image");
    Parley.userWhoWrote(business.sandbox(), USER, business.waId());
    business.webhook().awaitMessage(m -> m.getString("from").equals(USER), WAIT);
  }

  @AfterAll
  static void close() {
    if (business != null) {
      Parley.setMediaList(admin, "auto_download");
      business.close();
    }
  }

  @Test
  void inboundMessagesWebhookRetriesAndTransientCallbacksPrepareNothing() throws Exception {
    long before = prepares();

    // Texts and an auto-downloaded image, each stored, turned into a callback and posted.
    List<String> received = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      received.add(userSends("text", Json.createObjectBuilder().add("body", "text " + i)));
    }
    received.add(
        userSends(
            "image",
            Json.createObjectBuilder()
                .add("data", Base64.getEncoder().encodeToString(new byte[20_000]))
                .add("mime_type", "image/jpeg")));
    awaitAll(received);

    // The webhook refuses: each failed post schedules the next attempt after its commit.
    business.webhook().down();
    int attempts = business.webhook().attempts();
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      refused.add(userSends("text", Json.createObjectBuilder().add("body", "refused " + i)));
    }
    business.webhook().awaitAttempts(attempts + 3, WAIT);
    business.webhook().up();
    awaitAll(refused);

    // Without callback_persist, callbacks live in the broker, queued after the commit.
    patchSettings(Json.createObjectBuilder().add("callback_persist", false).build());
    try {
      List<String> transients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        transients.add(userSends("text", Json.createObjectBuilder().add("body", "transient " + i)));
      }
      awaitAll(transients);
    } finally {
      patchSettings(Json.createObjectBuilder().add("callback_persist", true).build());
    }

    assertEquals(
        before, prepares(), "XA PREPARE statements run while Parley took users' messages in");
  }

  /** The id of a message {@code USER} sends to the business now. */
  private static String userSends(String type, jakarta.json.JsonObjectBuilder content) {
    JsonObject sent =
        business
            .sandbox()
            .object(
                201,
                "POST",
                "/control/users/" + USER + "/messages",
                Json.createObjectBuilder()
                    .add("to", business.waId())
                    .add("type", type)
                    .add(type, content)
                    .build()
                    .toString());
    return sent.getString("id");
  }

  private static void awaitAll(List<String> messageIds) {
    for (String id : messageIds) {
      JsonObject message =
          business
              .webhook()
              .awaitMessage(candidate -> id.equals(candidate.getString("id", null)), WAIT)
              .message();
      assertTrue(message.containsKey("type"), message.toString());
    }
  }

  private static void patchSettings(JsonObject patch) {
    ApiClient.Response patched = admin.patch("/v1/settings/application", patch);
    assertEquals(200, patched.status(), patched.text());
  }

  /** How many {@code XA PREPARE} statements the database server has run since it started. */
  private static long prepares() throws SQLException {
    try (Connection root = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        Statement statement = root.createStatement();
        ResultSet row = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_xa_prepare'")) {
      assertTrue(row.next(), "the server counts XA PREPARE statements");
      return row.getLong(2);
    }
  }
}
