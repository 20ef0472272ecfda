package io.parley.it;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** Where the test server and its database are, as the build passes them in. */
public final class ItEnvironment {

  private ItEnvironment() {}

  public static int portOffset() {
    return Integer.getInteger("parley.it.port-offset", 0);
  }

  public static int httpsPort() {
    return Integer.getInteger("parley.it.https-port", 8443);
  }

  public static String baseUrl() {
    return "https://127.0.0.1:" + httpsPort();
  }

  public static String database() {
    return System.getProperty("parley.it.db", "parley_it");
  }

  public static String rootJdbcUrl() {
    return System.getProperty(
        "parley.it.db.root-url",
        "jdbc:mysql://127.0.0.1:3306/?user=root&password=&allowPublicKeyRetrieval=true&useSSL=false");
  }

  public static File ear() {
    return new File(System.getProperty("parley.it.ear", "target/deployments/parley.ear"));
  }

  public static File wildflyDir() {
    return new File(System.getProperty("parley.it.wildfly-dir", "target/wildfly"));
  }

  /** The system properties that point a server at the end-to-end tests' sandbox network. */
  public static Map<String, String> sandboxNetworkProperties() {
    return Map.of(
        "parley.network.port",
        System.getProperty("parley.it.sandbox-port", "15222"),
        "parley.network.media-port",
        System.getProperty("parley.it.sandbox-media-port", "15280"),
        "parley.network.key-file",
        Path.of(System.getProperty("parley.it.sandbox-dir", "target/sandbox-data"))
            .toAbsolutePath()
            .resolve("network.pub")
            .toString());
  }
}
