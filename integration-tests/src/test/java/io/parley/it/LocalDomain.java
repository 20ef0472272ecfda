package io.parley.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local Parley domain of {@code wildfly-config} (one WebApp server with the primary broker, the
 * broker's backup and two CoreApp servers under a host controller) on the test WildFly, started and
 * stopped with its scripts ({@code provision-domain.sh}, {@code local-domain.sh}) on a fresh
 * database of its own and the end-to-end tests' sandbox network.
 */
public final class LocalDomain implements AutoCloseable {

  /** The servers of the local topology and their HTTPS ports (8443 + port offset). */
  public static final Map<String, Integer> SERVERS =
      Map.of("webapp-1", 8743, "coreapp-1", 8843, "coreapp-2", 8943);

  /** The server that runs the broker's backup (no Parley deployment: no API to ask). */
  public static final String BROKER_BACKUP = "broker-backup-1";

  /** What the backup's log says once it has joined the primary (Artemis's AMQ221031). */
  public static final String BACKUP_ANNOUNCED = "AMQ221031: backup announced";

  /** What the backup's log says when it has taken over the broker (Artemis's AMQ221010). */
  public static final String BACKUP_ACTIVE = "AMQ221010: Backup Server is now active";

  private static final Path SCRIPTS =
      Path.of("..", "wildfly-config", "src", "main", "scripts").toAbsolutePath().normalize();
  private static final int MANAGEMENT_PORT = 10290;

  private final Path home = ItEnvironment.wildflyDir().toPath().toAbsolutePath();
  private final Path base = Path.of("target", "domain").toAbsolutePath();
  private final String database;
  private final Map<String, String> properties = new LinkedHashMap<>();

  /** A domain on the MySQL test database {@code database} (recreated at start). */
  public LocalDomain(String database) {
    this.database = database;
    properties.put("parley.db.name", database);
    properties.put("parley.db.user", database);
    properties.put("parley.db.password", FreshDatabase.password(database));
    properties.putAll(ItEnvironment.sandboxNetworkProperties());
  }

  /** Adds a domain-wide system property. */
  public LocalDomain withProperty(String name, String value) {
    properties.put(name, value);
    return this;
  }

  /** Configures the domain (once per WildFly), then starts it and waits for every server. */
  public LocalDomain start() throws Exception {
    run(
        base.resolveSibling("domain-provision.log"),
        List.of(SCRIPTS.resolve("provision-domain.sh").toString(), home.toString()));
    FreshDatabase.recreate(database);
    Path file = Files.createTempFile("parley-domain", ".properties");
    StringBuilder lines = new StringBuilder();
    properties.forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
    Files.writeString(file, lines);
    run(
        base.resolveSibling("domain-start.log"),
        List.of(
            SCRIPTS.resolve("local-domain.sh").toString(),
            "start",
            home.toString(),
            base.toString(),
            ItEnvironment.ear().getAbsolutePath(),
            file.toString()));
    for (String server : SERVERS.keySet()) {
      awaitReady(server, Duration.ofSeconds(120));
    }
    awaitLog(BROKER_BACKUP, BACKUP_ANNOUNCED, 1, Duration.ofSeconds(60));
    return this;
  }

  /**
   * Waits until {@code server}'s log holds {@code text} at least {@code times} times (a server
   * started again appends to its log).
   */
  public void awaitLog(String server, String text, int times, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log(server)) && occurrences(server, text) >= times) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        server + " never logged \"" + text + "\" " + times + " times; see " + log(server));
  }

  /** How many times {@code server}'s log holds {@code text}. */
  public int occurrences(String server, String text) throws IOException {
    try (var lines = Files.lines(log(server), java.nio.charset.StandardCharsets.ISO_8859_1)) {
      return (int) lines.filter(line -> line.contains(text)).count();
    }
  }

  /** The base URL of {@code server}'s API. */
  public String url(String server) {
    return "https://127.0.0.1:" + SERVERS.get(server);
  }

  /** A server's log file. */
  public Path log(String server) {
    return base.resolve("servers").resolve(server).resolve("log").resolve("server.log");
  }

  /** Kills {@code server}'s JVM with {@code kill -9}, as a crash would. */
  public void kill(String server) throws Exception {
    String pattern = "\\[Server:" + server + "\\].*-Djboss\\.domain\\.base\\.dir=" + base + "( |$)";
    Process pgrep = new ProcessBuilder("pgrep", "-f", "--", pattern).start();
    String pids = new String(pgrep.getInputStream().readAllBytes()).trim();
    pgrep.waitFor();
    if (pids.isEmpty()) {
      throw new IllegalStateException("no process for server " + server);
    }
    for (String pid : pids.split("\\s+")) {
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
    }
    for (String pid : pids.split("\\s+")) {
      ProcessHandle.of(Long.parseLong(pid))
          .ifPresent(process -> process.onExit().orTimeout(10, TimeUnit.SECONDS).join());
    }
  }

  /**
   * Starts {@code server} again (after {@link #kill}) and waits until its API answers (the broker's
   * backup: until it has started).
   */
  public void startServer(String server) throws Exception {
    run(
        base.resolveSibling("domain-restart.log"),
        List.of(
            home.resolve("bin").resolve("jboss-cli.sh").toString(),
            "-c",
            "--controller=127.0.0.1:" + MANAGEMENT_PORT,
            "--command=/host=primary/server-config=" + server + ":start(blocking=true)"));
    if (SERVERS.containsKey(server)) {
      awaitReady(server, Duration.ofSeconds(120));
    }
  }

  @Override
  public void close() throws Exception {
    run(
        base.resolveSibling("domain-stop.log"),
        List.of(
            SCRIPTS.resolve("local-domain.sh").toString(),
            "stop",
            home.toString(),
            base.toString()));
  }

  private void run(Path log, List<String> command) throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder
        .environment()
        .put(
            "MYSQL_DRIVER_JAR",
            Path.of("target", "drivers", "mysql-connector-j.jar").toAbsolutePath().toString());
    builder.environment().put("PARLEY_DOMAIN_MGMT_PORT", Integer.toString(MANAGEMENT_PORT));
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " failed; see " + log);
    }
  }

  private void awaitReady(String server, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    ApiClient probe = new ApiClient(url(server));
    while (Instant.now().isBefore(deadline)) {
      try {
        if (probe.get("/v1/health").status() == 401) {
          return;
        }
      } catch (RuntimeException e) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(server + " did not answer; see " + log(server));
  }
}
