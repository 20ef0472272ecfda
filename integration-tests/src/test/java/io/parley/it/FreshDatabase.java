package io.parley.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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

  /**
   * Drops {@code db}. A server killed in the middle of a two-phase commit (the crash tests) can
   * leave prepared XA branches behind that hold locks until its transaction recovery runs; if the
   * drop waits on them, those abandoned branches (Narayana's format) are rolled back and it is
   * tried again.
   */
  private static void dropDatabase(Statement sql, String db) throws SQLException {
    sql.execute("SET SESSION lock_wait_timeout = 10");
    try {
      sql.execute("DROP DATABASE IF EXISTS `" + db + "`");
      return;
    } catch (SQLException waited) {
      rollBackPreparedBranches(sql);
    }
    sql.execute("DROP DATABASE IF EXISTS `" + db + "`");
  }

  private static void rollBackPreparedBranches(Statement sql) throws SQLException {
    List<String> xids = new ArrayList<>();
    try (ResultSet prepared = sql.executeQuery("XA RECOVER")) {
      while (prepared.next()) {
        int format = prepared.getInt("formatID");
        int gtridLength = prepared.getInt("gtrid_length");
        byte[] data = prepared.getBytes("data");
        if (format != NARAYANA_FORMAT) {
          continue;
        }
        HexFormat hex = HexFormat.of();
        xids.add(
            "X'"
                + hex.formatHex(data, 0, gtridLength)
                + "',X'"
                + hex.formatHex(data, gtridLength, data.length)
                + "',"
                + format);
      }
    }
    for (String xid : xids) {
      sql.execute("XA ROLLBACK " + xid);
    }
  }

  /** The format id of the XA transaction ids WildFly's transaction manager writes. */
  private static final int NARAYANA_FORMAT = 131077;

  /** The password of the database user named like the database. */
  public static String password(String db) {
    return db + "-pw";
  }

  /** Drops and recreates {@code db} and grants the user of the same name on it. */
  public static void recreate(String db) throws Exception {
    try (Connection root = DriverManager.getConnection(ItEnvironment.rootJdbcUrl());
        Statement sql = root.createStatement()) {
      dropDatabase(sql, db);
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
