package io.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A client of Parley's API over HTTPS, as a business system would call it. Each client appears as
 * its own address (X-Forwarded-For, honoured from the loopback proxy the test server trusts), so
 * per-client limits of one test do not reach another.
 */
public final class ApiClient {

  /** The password tests give the built-in admin at its forced first change. */
  public static final String ADMIN_PASSWORD = "Parley-Admin-2026!";

  private final HttpClient http;
  private final String clientAddress;
  private final String baseUrl;
  private String bearer;

  public ApiClient() {
    this(ItEnvironment.baseUrl());
  }

  /** A client of the server at {@code baseUrl} (for tests that start servers of their own). */
  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
    this.http =
        HttpClient.newBuilder()
            .sslContext(trustAll())
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    this.clientAddress =
        "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  /** The bearer token this client sends (null before a login). */
  public String token() {
    return bearer;
  }

  /** Uses {@code token} as the bearer token of later requests. */
  public ApiClient withToken(String token) {
    this.bearer = token;
    return this;
  }

  public String clientAddress() {
    return clientAddress;
  }

  /** Logs in as admin (doing the forced first change when needed) and keeps the token. */
  public ApiClient asAdmin() {
    Response login = login("admin", ADMIN_PASSWORD, null);
    if (login.status() != 200) {
      login = login("admin", "secret", ADMIN_PASSWORD);
    }
    if (login.status() != 200) {
      throw new IllegalStateException("admin login failed: " + login);
    }
    return withToken(login.json().getJsonArray("users").getJsonObject(0).getString("token"));
  }

  public Response login(String username, String password, String newPassword) {
    String basic =
        Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    String body =
        newPassword == null
            ? ""
            : Json.createObjectBuilder().add("new_password", newPassword).build().toString();
    return send(
        "POST",
        "/v1/users/login",
        body,
        Map.of("Authorization", "Basic " + basic, "Content-Type", "application/json"));
  }

  public Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  public Response post(String path, JsonValue json) {
    return send("POST", path, json.toString(), Map.of("Content-Type", "application/json"));
  }

  public Response put(String path, JsonValue json) {
    return send("PUT", path, json.toString(), Map.of("Content-Type", "application/json"));
  }

  public Response patch(String path, JsonValue json) {
    return send("PATCH", path, json.toString(), Map.of("Content-Type", "application/json"));
  }

  /** Any request; {@code headers} override the defaults (bearer token, client address). */
  public Response send(String method, String path, String body, Map<String, String> headers) {
    return sendBytes(
        method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** Any request with a binary body (media), or none when {@code body} is null. */
  public Response sendBytes(String method, String path, byte[] body, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("X-Forwarded-For", clientAddress);
    if (bearer != null) {
      all.put("Authorization", "Bearer " + bearer);
    }
    all.putAll(headers);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    all.forEach(
        (name, value) -> {
          if (value != null) {
            request.header(name, value);
          }
        });
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response: status, headers and body, with the envelope's parts at hand. */
  public record Response(int status, Map<String, java.util.List<String>> headers, byte[] body) {

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      return Json.createReader(new StringReader(text())).readObject();
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    /** The code of the first entry of {@code errors}. */
    public int errorCode() {
      return json().getJsonArray("errors").getJsonObject(0).getInt("code");
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }

  private static SSLContext trustAll() {
    try {
      // The server's certificate is self-signed on a fresh install; the certificate tests check it.
      TrustManager trustAll =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
