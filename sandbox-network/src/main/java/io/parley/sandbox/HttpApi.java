package io.parley.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.parley.protocol.wire.VerifiedNameCertificate;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sandbox's two HTTP listeners: the control API (JSON, always on loopback) that tests and
 * operators use to create users, templates and rules, read registration codes and inboxes and make
 * users send, with {@code /metrics}; and the media port, the network's encrypted blob store.
 */
final class HttpApi implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(HttpApi.class.getName());

  private final SandboxNetwork sandbox;
  private final HttpServer control;
  private final HttpServer media;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  HttpApi(SandboxNetwork sandbox, String bind, int mediaPort, int controlPort) throws IOException {
    this.sandbox = sandbox;
    control =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), controlPort), 64);
    control.createContext("/", exchange -> serve(exchange, this::route));
    control.setExecutor(executor);
    media = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), mediaPort), 64);
    media.createContext("/v1/blobs", exchange -> serve(exchange, this::blobs));
    media.setExecutor(executor);
    control.start();
    media.start();
  }

  int controlPort() {
    return control.getAddress().getPort();
  }

  int mediaPort() {
    return media.getAddress().getPort();
  }

  private interface Handler {
    void handle(HttpExchange exchange, String method, String[] path) throws IOException;
  }

  private void serve(HttpExchange exchange, Handler handler) throws IOException {
    try (exchange) {
      String[] path = exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/");
      try {
        handler.handle(exchange, exchange.getRequestMethod(), path);
      } catch (JsonText.BadRequest e) {
        error(exchange, e.status(), e.getMessage());
      } catch (CompletionException e) {
        if (e.getCause() instanceof JsonText.BadRequest bad) {
          error(exchange, bad.status(), bad.getMessage());
        } else {
          LOG.log(Level.WARNING, "control request failed", e.getCause());
          error(exchange, 500, "internal error");
        }
      } catch (JsonParsingException | ClassCastException | ArithmeticException e) {
        error(exchange, 400, "malformed JSON: " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "control request failed", e);
        error(exchange, 500, "internal error");
      }
    }
  }

  private void route(HttpExchange exchange, String method, String[] path) throws IOException {
    String first = path.length > 0 ? path[0] : "";
    if (first.equals("metrics") && method.equals("GET")) {
      send(
          exchange,
          200,
          "text/plain; version=0.0.4; charset=utf-8",
          sandbox.metrics().render().getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (!first.equals("control") || path.length < 2) {
      throw new JsonText.BadRequest(404, "no such path");
    }
    String resource = path[1];
    String id = path.length > 2 ? path[2] : null;
    String action = path.length > 3 ? path[3] : null;
    switch (resource) {
      case "network" -> json(exchange, 200, sandbox.describe());
      case "certificates" -> {
        requireMethod(method, "POST");
        JsonObject body = body(exchange);
        String cc = JsonText.string(body, "cc", null);
        String phone = JsonText.string(body, "phone_number", null);
        String name = JsonText.string(body, "verified_name", null);
        if (cc == null || phone == null || name == null) {
          throw new JsonText.BadRequest("cc, phone_number and verified_name are required");
        }
        VerifiedNameCertificate certificate =
            VerifiedNameCertificate.issue(
                cc,
                phone,
                name,
                System.currentTimeMillis() / 1000,
                sandbox.keys().certificates().privateKey());
        json(
            exchange,
            201,
            Json.createObjectBuilder().add("certificate", certificate.toBase64()).build());
      }
      case "registrations" -> {
        requireMethod(method, "GET");
        JsonObject pending = id == null ? null : sandbox.network().accounts.pending(id);
        if (pending == null) {
          throw new JsonText.BadRequest(404, "no registration waiting for +" + id);
        }
        json(
            exchange,
            200,
            Json.createObjectBuilder()
                .add("wa_id", pending.getString("wa_id"))
                .add("code", pending.getString("code"))
                .add("method", pending.getString("method"))
                .add("requested_at", pending.getJsonNumber("requested_at"))
                .build());
      }
      case "accounts" -> {
        requireMethod(method, "GET");
        if (id == null) {
          JsonArrayBuilder all = Json.createArrayBuilder();
          for (byte[] stored : sandbox.network().accounts.all()) {
            all.add(sandbox.describeAccount(JsonText.parse(stored).getString("wa_id")));
          }
          json(exchange, 200, Json.createObjectBuilder().add("accounts", all).build());
        } else {
          JsonObject account = sandbox.describeAccount(id);
          if (account == null) {
            throw new JsonText.BadRequest(404, "no account +" + id);
          }
          json(exchange, 200, account);
        }
      }
      case "users" -> users(exchange, method, id, action, path);
      case "blobs" -> blob(exchange, method, id);
      case "templates" -> templates(exchange, method, path);
      case "rules" -> {
        if (method.equals("PATCH") || method.equals("PUT")) {
          json(exchange, 200, sandbox.network().rules.update(body(exchange)).toJson());
        } else {
          requireMethod(method, "GET");
          json(exchange, 200, sandbox.network().rules.settings().toJson());
        }
      }
      default -> throw new JsonText.BadRequest(404, "no such resource");
    }
  }

  private void users(HttpExchange exchange, String method, String id, String action, String[] path)
      throws IOException {
    VirtualUsers users = sandbox.users();
    if (id == null) {
      if (method.equals("POST")) {
        VirtualUser user = users.create(body(exchange));
        json(exchange, 201, user.describe().join());
      } else {
        requireMethod(method, "GET");
        JsonArrayBuilder all = Json.createArrayBuilder();
        for (VirtualUser user : users.all()) {
          all.add(user.describe().join());
        }
        json(exchange, 200, Json.createObjectBuilder().add("users", all).build());
      }
      return;
    }
    VirtualUser user = users.get(id);
    if (user == null) {
      throw new JsonText.BadRequest(404, "no user +" + id);
    }
    if (action == null) {
      switch (method) {
        case "GET" -> json(exchange, 200, user.describe().join());
        case "PATCH", "PUT" -> json(exchange, 200, user.configure(body(exchange)).join());
        case "DELETE" -> {
          users.remove(user).join();
          send(exchange, 204, null, null);
        }
        default -> throw new JsonText.BadRequest(405, "method not allowed");
      }
      return;
    }
    switch (action) {
      case "messages" -> {
        requireMethod(method, "POST");
        json(exchange, 201, user.send(body(exchange)).join());
      }
      case "inbox" -> {
        requireMethod(method, "GET");
        json(exchange, 200, Json.createObjectBuilder().add("inbox", user.inbox().join()).build());
      }
      case "media" -> {
        requireMethod(method, "GET");
        Path file = path.length > 4 ? user.media(path[4]) : null;
        if (file == null) {
          throw new JsonText.BadRequest(404, "no media for that message");
        }
        sendFile(exchange, file);
      }
      case "reinstall" -> {
        requireMethod(method, "POST");
        json(exchange, 200, user.reinstall().join());
      }
      case "change-number" -> {
        requireMethod(method, "POST");
        json(
            exchange,
            200,
            users.changeNumber(user, JsonText.string(body(exchange), "wa_id", null)).join());
      }
      default -> throw new JsonText.BadRequest(404, "no such action");
    }
  }

  /** A media blob: its size and how often it was downloaded, or its deletion. */
  private void blob(HttpExchange exchange, String method, String id) throws IOException {
    MediaBlobs blobs = sandbox.blobs();
    switch (method) {
      case "GET" -> {
        JsonObject blob = id == null ? null : blobs.describe(id);
        if (blob == null) {
          throw new JsonText.BadRequest(404, "no such blob");
        }
        json(exchange, 200, blob);
      }
      case "DELETE" -> {
        if (id == null || !blobs.delete(id)) {
          throw new JsonText.BadRequest(404, "no such blob");
        }
        send(exchange, 204, null, null);
      }
      default -> throw new JsonText.BadRequest(405, "method not allowed");
    }
  }

  private void templates(HttpExchange exchange, String method, String[] path) throws IOException {
    Templates templates = sandbox.network().templates;
    switch (method) {
      case "GET" ->
          json(exchange, 200, Json.createObjectBuilder().add("templates", templates.all()).build());
      case "POST", "PUT" -> json(exchange, 201, templates.define(body(exchange)).toJson());
      case "DELETE" -> {
        if (path.length != 5 || !templates.remove(path[2], path[3], path[4])) {
          throw new JsonText.BadRequest(404, "no such template");
        }
        send(exchange, 204, null, null);
      }
      default -> throw new JsonText.BadRequest(405, "method not allowed");
    }
  }

  private void blobs(HttpExchange exchange, String method, String[] path) throws IOException {
    if (method.equals("POST") && path.length == 2) {
      String id;
      try (InputStream in = exchange.getRequestBody()) {
        id = sandbox.blobs().upload(in, sandbox.maxBlobBytes());
      } catch (MediaBlobs.BlobTooLargeException e) {
        throw new JsonText.BadRequest(413, e.getMessage());
      }
      sandbox.metrics().count("sandbox_blobs_uploaded_total");
      json(exchange, 201, Json.createObjectBuilder().add("id", id).build());
    } else if (method.equals("GET") && path.length == 3) {
      Path file = sandbox.blobs().file(path[2]);
      if (file == null) {
        throw new JsonText.BadRequest(404, "no such blob");
      }
      sandbox.blobs().downloaded(path[2]);
      sandbox.metrics().count("sandbox_blobs_downloaded_total");
      sendFile(exchange, file);
    } else {
      throw new JsonText.BadRequest(404, "no such path");
    }
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new JsonText.BadRequest(405, "method not allowed");
    }
  }

  private static JsonObject body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(1 << 24);
      if (bytes.length == 0) {
        return JsonValue.EMPTY_JSON_OBJECT;
      }
      return JsonText.parse(bytes);
    }
  }

  private static void json(HttpExchange exchange, int status, JsonObject body) throws IOException {
    send(exchange, status, "application/json", JsonText.bytes(body));
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    json(
        exchange,
        status,
        Json.createObjectBuilder().add("error", message == null ? "" : message).build());
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sendFile(HttpExchange exchange, Path file) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, Files.size(file));
    try (OutputStream out = exchange.getResponseBody()) {
      Files.copy(file, out);
    }
  }

  @Override
  public void close() {
    control.stop(0);
    media.stop(0);
    executor.shutdownNow();
  }
}
