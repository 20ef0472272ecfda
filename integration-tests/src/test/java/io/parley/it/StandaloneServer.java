package io.parley.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A WildFly process of its own, started the way an operator starts Parley: the provisioned server's
 * configuration copied into a separate base directory, {@code parley.ear} in its deployments
 * folder, {@code standalone.sh} with a port offset, its own database. For tests that must stop and
 * start the whole server, which the Arquillian-managed server cannot do under a running test.
 */
public final class StandaloneServer implements AutoCloseable {

  private final Path baseDir;
  private final Path home;
  private final int portOffset;
  private final String database;
  private final List<String> properties = new ArrayList<>();
  private String heap;
  private Process process;

  /** A server on the MySQL test database {@code database}, configured like the test server. */
  public StandaloneServer(String name, int portOffset, String database) {
    this(name, ItEnvironment.wildflyDir().toPath(), portOffset, database);
  }

  /**
   * A server configured like the WildFly at {@code home}; {@code database} names the MySQL test
   * database to create, or is null for a server that brings its own (the embedded H2).
   */
  public StandaloneServer(String name, Path home, int portOffset, String database) {
    this.baseDir = Path.of("target", "servers", name).toAbsolutePath();
    this.home = home.toAbsolutePath();
    this.portOffset = portOffset;
    this.database = database;
  }

  /** A fresh base directory with the provisioned configuration and the EAR, on a fresh database. */
  public StandaloneServer prepare() throws Exception {
    deleteRecursively(baseDir);
    Path standalone = home.resolve("standalone");
    copyRecursively(standalone.resolve("configuration"), baseDir.resolve("configuration"));
    Files.createDirectories(baseDir.resolve("deployments"));
    Files.copy(
        ItEnvironment.ear().toPath(),
        baseDir.resolve("deployments").resolve("parley.ear"),
        StandardCopyOption.REPLACE_EXISTING);
    if (database != null) {
      FreshDatabase.recreate(database);
    }
    return this;
  }

  /** Adds a system property to the server's command line. */
  public StandaloneServer withProperty(String name, String value) {
    properties.add("-D" + name + "=" + value);
    return this;
  }

  /**
   * Sizes the server's heap with {@code options} (such as {@code -Xms32m -Xmx64m}) instead of
   * WildFly's default {@code -Xms64m -Xmx512m}.
   */
  public StandaloneServer withHeap(String options) {
    this.heap = options;
    return this;
  }

  /** Points the server at the end-to-end tests' sandbox network. */
  public StandaloneServer withSandboxNetwork() {
    ItEnvironment.sandboxNetworkProperties().forEach(this::withProperty);
    return this;
  }

  /** The server's data folder ({@code jboss.server.data.dir}). */
  public Path dataDir() {
    return baseDir.resolve("data");
  }

  /** What the server printed: its console log. */
  public Path consoleLog() {
    return baseDir.resolve("console.log");
  }

  public String baseUrl() {
    return "https://127.0.0.1:" + (8443 + portOffset);
  }

  /** Starts the server and waits until Parley answers over HTTPS. */
  public void start() throws Exception {
    Files.deleteIfExists(baseDir.resolve("deployments").resolve("parley.ear.deployed"));
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/standalone.sh").toString());
    command.addAll(
        List.of(
            "-c",
            "standalone-full.xml",
            "-Djboss.server.base.dir=" + baseDir,
            "-Djboss.socket.binding.port-offset=" + portOffset));
    if (database != null) {
      command.addAll(
          List.of(
              "-Dparley.db.name=" + database,
              "-Dparley.db.user=" + database,
              "-Dparley.db.password=" + FreshDatabase.password(database)));
    }
    command.addAll(properties);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(baseDir.resolve("console.log").toFile());
    if (heap != null) {
      // standalone.conf puts JBOSS_JAVA_SIZING at the head of the JVM's options
      builder.environment().put("JBOSS_JAVA_SIZING", heap);
    }
    process = builder.start();
    awaitReady(Duration.ofSeconds(120));
  }

  /** Stops the server the hard way ({@code kill -9} of the JVM), as a crash would. */
  public void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    // standalone.sh runs the JVM as its child: kill the whole tree
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor();
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  private void awaitReady(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    ApiClient probe = new ApiClient(baseUrl());
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("WildFly exited; see " + baseDir.resolve("console.log"));
      }
      if (Files.exists(baseDir.resolve("deployments").resolve("parley.ear.failed"))) {
        throw new IllegalStateException(
            "parley.ear failed to deploy; see " + baseDir.resolve("log"));
      }
      try {
        if (probe.get("/v1/health").status() == 401) {
          return;
        }
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof IOException)
            && !(e.getCause() instanceof HttpTimeoutException)) {
          throw e;
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("Parley did not come up within " + timeout);
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
