package io.parley.it.messaging;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The sandbox network for end-to-end tests: one separate process per test JVM, on the ports the
 * test server is configured with ({@code parley.network.port}, and the key file it pins), started
 * on first use with an empty data folder, and stopped when the JVM exits. Also a client of its
 * control API.
 */
public final class Sandbox {

  private static Sandbox instance;

  private final Process process;
  private final int controlPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private Sandbox(Process process, int controlPort) {
    this.process = process;
    this.controlPort = controlPort;
  }

  /** The running sandbox, started if needed. */
  public static synchronized Sandbox get() {
    if (instance == null || !instance.process.isAlive()) {
      instance = start();
    }
    return instance;
  }

  private static Sandbox start() {
    Path data = Path.of(System.getProperty("parley.it.sandbox-dir", "target/sandbox-data"));
    int transport = Integer.getInteger("parley.it.sandbox-port", 15222);
    int control = Integer.getInteger("parley.it.sandbox-control-port", 15281);
    int media = Integer.getInteger("parley.it.sandbox-media-port", 15280);
    try {
      if (Files.exists(data)) {
        try (Stream<Path> files = Files.walk(data)) {
          files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
      Files.createDirectories(data);
      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx512m",
              "-cp",
              System.getProperty("java.class.path"),
              "io.parley.sandbox.SandboxMain",
              "--sandbox.data-dir=" + data.toAbsolutePath(),
              "--sandbox.transport-port=" + transport,
              "--sandbox.media-port=" + media,
              "--sandbox.control-port=" + control);
      builder.redirectErrorStream(true);
      Process process = builder.start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      Path log = data.resolveSibling("sandbox.log");
      String line;
      while ((line = out.readLine()) != null) {
        Files.writeString(
            log,
            line + "\n",
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
        if (line.startsWith("Sandbox network up")) {
          break;
        }
      }
      if (line == null) {
        throw new IllegalStateException("the sandbox network did not start; see " + log);
      }
      Thread drain =
          new Thread(
              () -> {
                try {
                  String more;
                  while ((more = out.readLine()) != null) {
                    Files.writeString(log, more + "\n", java.nio.file.StandardOpenOption.APPEND);
                  }
                } catch (IOException e) {
                  // The process ended.
                }
              },
              "sandbox-log");
      drain.setDaemon(true);
      drain.start();
      return new Sandbox(process, control);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the process at once (as a crash would) and waits for it to end. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * Stops the process where it stands (SIGSTOP), as a network that takes frames but answers none:
   * its sockets stay open and the kernel still takes what is sent to them.
   */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a paused process go on (SIGCONT): it reads what was sent to it meanwhile. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException(
          "kill -" + name + " failed: " + new String(kill.getInputStream().readAllBytes()));
    }
  }

  /** A control API call answering {@code expected}; its JSON body (null when empty). */
  public JsonStructure call(int expected, String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new AssertionError(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      if (response.body().isBlank()) {
        return null;
      }
      try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
        return reader.read();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Has virtual user {@code user} send the text {@code body} to {@code to}: its inbox entry. */
  public JsonObject userSendsText(String user, String to, String body) {
    return object(
        201,
        "POST",
        "/control/users/" + user + "/messages",
        Json.createObjectBuilder()
            .add("to", to)
            .add("type", "text")
            .add("text", Json.createObjectBuilder().add("body", body))
            .build()
            .toString());
  }

  /** The body of a control API {@code GET} of {@code path} that answers 200: raw bytes (media). */
  public byte[] bytes(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + path))
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            "GET "
                + path
                + " answered "
                + response.statusCode()
                + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of the sandbox's Prometheus sample {@code series} (0 when absent). */
  public double metric(String series) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      String text = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
      for (String line : text.split("\n")) {
        if (line.startsWith(series + " ")) {
          return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public JsonObject object(int expected, String method, String path, String body) {
    return (JsonObject) call(expected, method, path, body);
  }
}
