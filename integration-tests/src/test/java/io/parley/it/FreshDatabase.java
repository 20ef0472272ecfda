package io.parley.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * Gives each test class a fresh install: drops and recreates the test database (and its user, the
 * first time) before the EAR is deployed, and empties the datasource pool so that no connection of
 * the previous class survives. Parley's migrations then build the schema at deployment.
 */
public class FreshDatabase implements ServerSetupTask {

  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    recreate();
    ModelNode flush =
        Operations.createOperation(
            "flush-all-connection-in-pool",
            Operations.createAddress("subsystem", "datasources", "xa-data-source", "ParleyDS"));
    ModelNode result = client.getControllerClient().execute(flush);
    if (!Operations.isSuccessfulOutcome(result)) {
      throw new IllegalStateException("Could not flush ParleyDS: " + result);
    }
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) {}

  /** Drops and recreates the test database and grants the test user on it. */
  public static void recreate() throws Exception {
    recreate(ItEnvironment.database());
  }

  /** The password of the database user named like the database. */
  public static String password(String db) {
    return db + "-pw";
  }

  /** Drops and recreates {@code db} and grants the user of the same name on it. */
  public static void recreate(String db) throws Exception {
    try (Connection root = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        Statement sql = root.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS `" + db + "`");
      sql.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      sql.execute(
          "CREATE USER IF NOT EXISTS '" + db + "'@'%' IDENTIFIED BY '" + password(db) + "'");
      sql.execute(
          "CREATE USER IF NOT EXISTS '"
              + db
              + "'@'localhost' IDENTIFIED BY '"
              + password(db)
              + "'");
      sql.execute("GRANT ALL ON `" + db + "`.* TO '" + db + "'@'%'");
      sql.execute("GRANT ALL ON `" + db + "`.* TO '" + db + "'@'localhost'");
    }
  }
}
