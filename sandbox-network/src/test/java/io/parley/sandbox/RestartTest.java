package io.parley.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.sandbox.client.Business;
import io.parley.sandbox.client.ControlClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as its own process, killed with SIGKILL and started again on the same data folder:
 * accounts, keys, sessions, templates, waiting messages and unacknowledged frames all survive, and
 * nothing the network acknowledged is lost.
 */
class RestartTest {

  private static final String USER = "447700900123";
  private static final Pattern PORTS =
      Pattern.compile(
          "transport port (\\d+), media port (\\d+), control API http://127.0.0.1:(\\d+)/");

  @TempDir Path data;
  private Process process;
  private int transportPort;
  private int controlPort;
  private byte[] networkKey;

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void aKilledSandboxComesBackWithNothingLost() throws Exception {
    start();
    ControlClient control = new ControlClient(controlPort);
    Business business =
        new Business("1", "5550001111", transportPort, networkKey, control).register("Acme", 20);
    control.expect(201, "POST", "/control/users", "{\"wa_id\":\"" + USER + "\",\"name\":\"Ann\"}");
    control.expect(
        201,
        "POST",
        "/control/templates",
        "{\"namespace\":\"acme\",\"name\":\"hello\",\"language\":\"en\",\"components\":[{\"type\":\"BODY\",\"text\":\"Hi {{1}}\"}]}");
    userSays(control, business, "hi");
    business.receive(business.awaitMessageFrom(USER));

    // The user goes offline; the business's messages wait in the network.
    control.expect(200, "PATCH", "/control/users/" + USER, "{\"online\":false}");
    List<String> queued = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Business.Sent sent = business.send(USER, new Content.Text("queued " + i));
      assertEquals(ErrorCodes.OK, business.client.awaitAck(sent.frameId(), Business.WAIT));
      queued.add(sent.messageId());
    }
    // A user message reaches the business, which does not acknowledge it before the crash.
    String unacknowledged = userSays(control, business, "are you there?");
    Frame delivered = business.awaitMessageFrom(USER);
    assertEquals(unacknowledged, ((Payload.Message) delivered.payload()).messageId());

    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    business.close();
    byte[] keyBefore = networkKey;
    start();
    assertEquals(
        Base64.getEncoder().encodeToString(keyBefore),
        Base64.getEncoder().encodeToString(networkKey));
    control = new ControlClient(controlPort);
    business.connect(transportPort, 2);

    Frame again = business.awaitMessageFrom(USER);
    assertEquals(
        unacknowledged,
        ((Payload.Message) again.payload()).messageId(),
        "redelivered after restart");
    assertEquals(new Content.Text("are you there?"), business.receive(again));

    control.expect(200, "PATCH", "/control/users/" + USER, "{\"online\":true}");
    for (String id : queued) {
      business.awaitReceipt(id, Payload.ReceiptStatus.DELIVERED);
    }
    List<String> bodies = new ArrayList<>();
    for (JsonValue entry :
        control
            .expect(200, "GET", "/control/users/" + USER + "/inbox", null)
            .getJsonArray("inbox")) {
      JsonObject message = entry.asJsonObject();
      if (message.getString("direction").equals("in")) {
        bodies.add(message.getJsonObject("content").getString("body"));
      }
    }
    assertEquals(20, bodies.size(), bodies.toString());
    for (int i = 0; i < 20; i++) {
      assertEquals("queued " + i, bodies.get(i));
    }

    // The established sessions, the window and the template registry survived too.
    assertEquals(ErrorCodes.OK, business.sendAndAwait(USER, new Content.Text("after the restart")));
    Business.Sent template =
        business.send(
            USER,
            new Content.Template(
                "acme",
                "hello",
                "en",
                "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ann\"}]}]"),
            new Payload.TemplateRef("acme", "hello", "en", 1));
    assertEquals(ErrorCodes.OK, business.client.awaitAck(template.frameId(), Business.WAIT));
    business.awaitReceipt(template.messageId(), Payload.ReceiptStatus.DELIVERED);
    assertTrue(control.text("/metrics").contains("sandbox_users 1"));
    business.close();
  }

  private static String userSays(ControlClient control, Business business, String text)
      throws Exception {
    return control
        .expect(
            201,
            "POST",
            "/control/users/" + USER + "/messages",
            "{\"to\":\""
                + business.waId()
                + "\",\"type\":\"text\",\"text\":{\"body\":\""
                + text
                + "\"}}")
        .getString("id");
  }

  private void start() throws IOException {
    networkKey = null;
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "io.parley.sandbox.SandboxMain",
            "--sandbox.data-dir=" + data,
            "--sandbox.transport-port=0",
            "--sandbox.media-port=0",
            "--sandbox.control-port=0");
    builder.redirectErrorStream(true);
    process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher ports = PORTS.matcher(line);
      if (ports.find()) {
        transportPort = Integer.parseInt(ports.group(1));
        controlPort = Integer.parseInt(ports.group(3));
      }
      if (line.startsWith("Network transport key (pin this): ")) {
        networkKey = Base64.getDecoder().decode(line.substring(line.indexOf(": ") + 2).trim());
        break;
      }
    }
    if (networkKey == null) {
      throw new IOException("the sandbox did not start");
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // Keep the pipe from filling up.
                }
              } catch (IOException e) {
                // Process gone.
              }
            });
    drain.setDaemon(true);
    drain.start();
  }
}
