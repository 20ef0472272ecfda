package io.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server that {@code run.sh} starts: WildFly as {@code wildfly-config} provisions it by
 * default, on the embedded H2 database. Parley's migrations build the schema on H2, Hibernate
 * validates it, and the API works on it as it does on MySQL.
 */
class DefaultDatabaseIT {

  private static final Path PROVISIONED = Path.of("..", "wildfly-config", "target", "wildfly");
  private static StandaloneServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        new StandaloneServer("h2-default", PROVISIONED, ItEnvironment.portOffset() + 60, null)
            .prepare();
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /** The highest version among Parley's migrations: every one of them ran on H2. */
  private static String latestMigration() throws java.io.IOException {
    Path migrations = Path.of("..", "persistence", "src", "main", "resources", "db", "migration");
    try (var files = Files.list(migrations)) {
      return String.valueOf(
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.matches("V\\d+__.*\\.sql"))
              .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
              .max()
              .orElseThrow());
    }
  }

  @Test
  void apiRunsOnTheEmbeddedDatabase() throws Exception {
    ApiClient admin = new ApiClient(server.baseUrl()).asAdmin();

    ApiClient.Response patch =
        admin.patch(
            "/v1/settings/application",
            Json.createObjectBuilder().add("sent_status", true).build());
    ApiClient.Response support = admin.get("/v1/support");

    assertEquals(200, patch.status(), patch.text());
    JsonObject nodes = support.json().getJsonObject("support");
    JsonObject database =
        nodes.getJsonObject(nodes.keySet().iterator().next()).getJsonObject("database");
    assertEquals("H2", database.getString("product"), support.text());
    assertEquals(latestMigration(), database.getString("schema_version"), support.text());
    assertTrue(
        admin
            .get("/v1/settings/application")
            .json()
            .getJsonObject("settings")
            .getJsonObject("application")
            .getBoolean("sent_status"));
  }

  @Test
  void databaseFileLivesInTheServerDataFolder() {
    assertTrue(
        Files.exists(Path.of("target", "servers", "h2-default", "data", "parley", "parley.mv.db")));
  }
}
