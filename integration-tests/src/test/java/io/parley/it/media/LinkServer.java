package io.parley.it.media;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web server that media links point at in the tests: on 127.0.0.1 in the test JVM, it serves
 * files by path, some only with a bearer token or basic credentials (401 otherwise), some slowly,
 * and counts the requests each path got.
 */
final class LinkServer implements AutoCloseable {

  /** What one path answers. */
  private record Served(String contentType, byte[] content, String authorization, boolean slow) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Served> paths = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  private LinkServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 32);
    server.createContext("/", this::answer);
    server.setExecutor(executor);
    server.start();
  }

  static LinkServer start() throws IOException {
    return new LinkServer();
  }

  /** The link to {@code path} on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Serves {@code content} as {@code contentType} at {@code path} to anyone. */
  void file(String path, String contentType, byte[] content) {
    paths.put(path, new Served(contentType, content, null, false));
  }

  /** Serves {@code content} at {@code path} only with {@code Authorization: Bearer token}. */
  void withBearer(String path, String token, String contentType, byte[] content) {
    paths.put(path, new Served(contentType, content, "Bearer " + token, false));
  }

  /** Serves {@code content} at {@code path} only with these basic credentials. */
  void withBasic(String path, String user, String password, String contentType, byte[] content) {
    String pair = user + ":" + password;
    paths.put(
        path,
        new Served(
            contentType,
            content,
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
            false));
  }

  /** Serves {@code content} at {@code path} one byte every 100 ms. */
  void slowly(String path, String contentType, byte[] content) {
    paths.put(path, new Served(contentType, content, null, true));
  }

  /** The requests {@code path} has had. */
  int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      Served served = paths.get(path);
      if (served == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (served.authorization() != null
          && !served
              .authorization()
              .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", served.contentType());
      exchange.sendResponseHeaders(200, served.content().length);
      OutputStream out = exchange.getResponseBody();
      if (!served.slow()) {
        out.write(served.content());
        return;
      }
      for (byte b : served.content()) {
        out.write(b);
        out.flush();
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The fetcher hung up, as a slow answer makes it do.
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
