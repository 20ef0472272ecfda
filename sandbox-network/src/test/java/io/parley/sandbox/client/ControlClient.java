package io.parley.sandbox.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The sandbox's control API over HTTP, for tests. */
public final class ControlClient {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public ControlClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** A response: status and JSON body (empty object when there is none). */
  public record Response(int status, JsonObject body) {}

  public Response call(String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    JsonObject parsed =
        body == null || body.isBlank() || !body.trim().startsWith("{")
            ? JsonObject.EMPTY_JSON_OBJECT
            : Json.createReader(new StringReader(body)).readObject();
    return new Response(response.statusCode(), parsed);
  }

  /** The body of a call that must answer {@code expected}. */
  public JsonObject expect(int expected, String method, String path, String json)
      throws IOException, InterruptedException {
    Response response = call(method, path, json);
    if (response.status() != expected) {
      throw new AssertionError(
          method + " " + path + " answered " + response.status() + " " + response.body());
    }
    return response.body();
  }

  public byte[] bytes(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.statusCode());
    }
    return response.body();
  }

  public String text(String path) throws IOException, InterruptedException {
    return new String(bytes(path), java.nio.charset.StandardCharsets.UTF_8);
  }
}
