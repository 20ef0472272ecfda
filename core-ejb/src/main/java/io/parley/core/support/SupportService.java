package io.parley.core.support;

import io.parley.core.config.ParleyConfig;
import io.parley.core.health.HealthService;
import io.parley.core.json.Jsons;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The {@code /v1/support} report: versions, node, uptime, database and gateway status, keyed by
 * node as the multi-node on-prem answer is. It holds no credentials, keys or tokens.
 */
@Stateless
public class SupportService {

  @Inject ParleyConfig config;
  @Inject HealthService health;

  @Resource(lookup = io.parley.core.JndiNames.DATASOURCE)
  DataSource dataSource;

  public JsonObject report() {
    JsonObjectBuilder node =
        Jsons.createObjectBuilder()
            .add("version", config.version())
            .add("gateway_status", health.gatewayStatus().wireName())
            .add("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
            .add("java", System.getProperty("java.version"))
            .add("server", serverVersion())
            .add("database", database());
    return Jsons.createObjectBuilder().add(config.nodeName(), node).build();
  }

  private static String serverVersion() {
    String product = System.getProperty("jboss.product.name", "WildFly");
    String version = System.getProperty("jboss.product.version", "");
    return (product + " " + version).trim();
  }

  private JsonObject database() {
    JsonObjectBuilder db = Jsons.createObjectBuilder();
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      db.add("product", meta.getDatabaseProductName())
          .add("version", meta.getDatabaseProductVersion())
          .add("driver", meta.getDriverName() + " " + meta.getDriverVersion());
      try (Statement sql = connection.createStatement();
          ResultSet rows =
              sql.executeQuery("SELECT MAX(version) FROM schema_version WHERE success = TRUE")) {
        if (rows.next() && rows.getString(1) != null) {
          db.add("schema_version", rows.getString(1));
        }
      }
      db.add("reachable", true);
    } catch (SQLException e) {
      db.add("reachable", false).add("error", e.getClass().getSimpleName());
    }
    return db.build();
  }
}
