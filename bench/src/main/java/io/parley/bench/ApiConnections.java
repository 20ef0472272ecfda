package io.parley.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The load's HTTP client: HTTP/1.1 over kept-alive TLS connections, one request at a time on each,
 * written and read by a blocking worker thread of a fixed pool, as a business system's connection
 * pool would. It does only what the benchmark's sends need (a POST with a JSON body, a response
 * with {@code Content-Length} or chunked), and so takes much less of the machine's CPU per request
 * than the JDK's asynchronous client, which the benchmark shares with the server it measures.
 */
final class ApiConnections implements AutoCloseable {

  /** A response: its status and body. */
  record Response(int status, String body) {}

  /** A connection idle for longer than this is not used again: the server may have closed it. */
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final int READ_TIMEOUT_MILLIS = 60_000;

  private final SSLContext tls;
  private final String host;
  private final int port;
  private final String authorization;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final ExecutorService workers;

  ApiConnections(SSLContext tls, URI api, String token, int threads) {
    this.tls = tls;
    this.host = api.getHost();
    this.port = api.getPort();
    this.authorization = "Bearer " + token;
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "bench-api-client");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Posts {@code json} to {@code path} on a worker thread; {@code done} gets the response or the
   * failure on that thread, right after the response's last byte was read.
   */
  void post(String path, String json, BiConsumer<Response, Throwable> done) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\nAuthorization: "
                + authorization
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    workers.execute(
        () -> {
          Connection connection = null;
          Read response;
          try {
            connection = take();
            response = connection.exchange(head, body);
          } catch (IOException | RuntimeException e) {
            if (connection != null) {
              connection.close();
            }
            done.accept(null, e);
            return;
          }
          if (response.keepAlive) {
            connection.lastUsed = System.nanoTime();
            idle.add(connection);
          } else {
            connection.close();
          }
          done.accept(new Response(response.status, response.body), null);
        });
  }

  private Connection take() throws IOException {
    for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
      if (System.nanoTime() - connection.lastUsed < IDLE_NANOS) {
        return connection;
      }
      connection.close();
    }
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.connect(new InetSocketAddress(host, port), 10_000);
    socket.startHandshake();
    return new Connection(socket);
  }

  @Override
  public void close() {
    workers.shutdownNow();
    for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
      connection.close();
    }
  }

  /** A response as read from the wire. */
  private record Read(int status, String body, boolean keepAlive) {}

  /** One kept-alive connection, used by one worker at a time. */
  private static final class Connection {
    final SSLSocket socket;
    final InputStream in;
    final OutputStream out;
    long lastUsed = System.nanoTime();

    Connection(SSLSocket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 8192);
      this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    Read exchange(byte[] head, byte[] body) throws IOException {
      out.write(head);
      out.write(body);
      out.flush();
      String statusLine = line();
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.x response: " + statusLine);
      }
      int status = Integer.parseInt(parts[1]);
      long length = -1;
      boolean chunked = false;
      boolean keepAlive = true;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      if (chunked) {
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
          copy(size, content);
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length >= 0) {
        copy(length, content);
      } else {
        throw new IOException("a response without its length");
      }
      return new Read(status, content.toString(StandardCharsets.UTF_8), keepAlive);
    }

    private int chunkSize() throws IOException {
      String size = line();
      int extension = size.indexOf(';');
      return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
    }

    private void copy(long length, ByteArrayOutputStream to) throws IOException {
      byte[] buffer = new byte[4096];
      for (long left = length; left > 0; ) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          throw new EOFException("the connection closed inside a response");
        }
        to.write(buffer, 0, read);
        left -= read;
      }
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new EOFException("the connection closed inside a response");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
