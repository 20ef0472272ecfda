package io.parley.it.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ItEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * What the server stored for media, looked at directly: the files on the media volume (where the
 * server's configuration puts it) and the rows of the {@code media} table.
 */
public final class MediaVolume {

  private MediaVolume() {}

  /** The media volume as the server resolves {@code configure-media-store.cli}'s expression. */
  public static Path directory(ManagementClient management) throws IOException {
    ModelNode read =
        Operations.createReadAttributeOperation(
            Operations.createAddress(
                "subsystem",
                "resource-adapters",
                "resource-adapter",
                "ParleyMediaStore",
                "config-properties",
                "directory"),
            "value");
    read.get("resolve-expressions").set(true);
    ModelNode result = management.getControllerClient().execute(read);
    assertTrue(Operations.isSuccessfulOutcome(result), result.toString());
    return Path.of(Operations.readResult(result).asString());
  }

  /** Whether the committed file of media {@code id} is on the volume. */
  public static boolean hasFile(ManagementClient management, String id) throws IOException {
    return Files.exists(directory(management).resolve("media").resolve(id));
  }

  /** The rows of the {@code media} table. */
  public static long rows() throws SQLException {
    try (Connection connection = database();
        Statement sql = connection.createStatement();
        ResultSet result = sql.executeQuery("select count(*) from media")) {
      result.next();
      return result.getLong(1);
    }
  }

  /** The size the row of {@code id} records, or null without a row. */
  public static Long storedSize(String id) throws SQLException {
    try (Connection connection = database();
        PreparedStatement select =
            connection.prepareStatement("select size_bytes from media where id = ?")) {
      select.setString(1, id);
      try (ResultSet result = select.executeQuery()) {
        return result.next() ? result.getLong(1) : null;
      }
    }
  }

  /** The size of every media by its id. */
  public static Map<String, Long> sizes() throws SQLException {
    Map<String, Long> sizes = new HashMap<>();
    try (Connection connection = database();
        Statement sql = connection.createStatement();
        ResultSet result = sql.executeQuery("select id, size_bytes from media")) {
      while (result.next()) {
        sizes.put(result.getString(1), result.getLong(2));
      }
    }
    return sizes;
  }

  /** Moves the last use of media {@code id} back by {@code age}, as if time had passed. */
  public static void age(String id, Duration age) throws SQLException {
    try (Connection connection = database();
        PreparedStatement update =
            connection.prepareStatement(
                "update media set last_used_at = last_used_at - ? where id = ?")) {
      update.setLong(1, age.toMillis());
      update.setString(2, id);
      assertEquals(1, update.executeUpdate(), id);
    }
  }

  private static Connection database() throws SQLException {
    Connection connection = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
    connection.setCatalog(ItEnvironment.database());
    return connection;
  }
}
