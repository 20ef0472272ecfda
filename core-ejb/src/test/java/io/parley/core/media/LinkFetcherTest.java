package io.parley.core.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LinkFetcher} against HTTP servers on loopback, which the guard admits only where a test
 * allow-lists it: content and MIME types, framing, the size and time limits, redirects, the
 * credentials, and the guard's refusals, which happen before anything is connected.
 */
class LinkFetcherTest {

  private static final Duration TOTAL = Duration.ofSeconds(2);
  private static final LinkFetcher.Limits LIMITS =
      new LinkFetcher.Limits(Duration.ofSeconds(1), TOTAL);

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();
  private final Map<String, String> hostHeaders = new ConcurrentHashMap<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void serve(String path, HttpHandler handler) {
    server.createContext(
        path,
        exchange -> {
          requests.incrementAndGet();
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          if (authorization != null) {
            authorizations.put(exchange.getRequestURI().getPath(), authorization);
          }
          hostHeaders.put(
              exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Host"));
          try (exchange) {
            handler.handle(exchange);
          }
        });
  }

  private static HttpHandler file(String contentType, byte[] content, boolean chunked) {
    return exchange -> {
      if (contentType != null) {
        exchange.getResponseHeaders().add("Content-Type", contentType);
      }
      exchange.sendResponseHeaders(200, chunked ? 0 : content.length);
      exchange.getResponseBody().write(content);
    };
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static LinkFetcher fetcher(List<String> allowlist) {
    return fetcher(allowlist, InetAddress::getAllByName);
  }

  private static LinkFetcher fetcher(List<String> allowlist, LinkFetcher.Resolver resolver) {
    return new LinkFetcher(
        new LinkGuard(allowlist),
        LIMITS,
        resolver,
        (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  private static final LinkFetcher LOOPBACK_ALLOWED = fetcher(List.of("127.0.0.1"));

  /** What a fetch gave: the MIME type and the bytes. */
  private record Got(String mimeType, byte[] content) {}

  private static Got fetch(LinkFetcher fetcher, URI link, Optional<String> auth, long maxBytes)
      throws LinkFetchException {
    return fetcher.fetch(
        link, auth, maxBytes, (mimeType, content) -> new Got(mimeType, content.readAllBytes()));
  }

  private static byte[] randomBytes(int size) {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return content;
  }

  @Test
  void givenAFile_whenFetched_thenItsBytesArriveWithItsTypeWithoutParameters() throws Exception {
    byte[] content = randomBytes(300_000);
    serve("/a.png", file("image/PNG; charset=binary", content, false));

    Got got = fetch(LOOPBACK_ALLOWED, uri("/a.png"), Optional.empty(), 1_000_000);

    assertEquals("image/png", got.mimeType());
    assertArrayEquals(content, got.content());
  }

  @Test
  void givenAChunkedAnswer_whenFetched_thenItIsDecoded() throws Exception {
    byte[] content = randomBytes(200_001);
    serve("/doc", file("application/pdf", content, true));

    Got got = fetch(LOOPBACK_ALLOWED, uri("/doc"), Optional.empty(), 1_000_000);

    assertArrayEquals(content, got.content());
  }

  @Test
  void givenNoUsableContentType_whenFetched_thenTheExtensionGivesTheType() throws Exception {
    serve("/photo.JPG", file("application/octet-stream", randomBytes(10), false));
    serve("/clip.mp4", file(null, randomBytes(10), false));
    serve("/blob", file(null, randomBytes(10), false));

    assertEquals(
        "image/jpeg", fetch(LOOPBACK_ALLOWED, uri("/photo.JPG"), Optional.empty(), 100).mimeType());
    assertEquals(
        "video/mp4", fetch(LOOPBACK_ALLOWED, uri("/clip.mp4"), Optional.empty(), 100).mimeType());
    assertEquals(
        "application/octet-stream",
        fetch(LOOPBACK_ALLOWED, uri("/blob"), Optional.empty(), 100).mimeType());
  }

  @Test
  void givenADeclaredLengthOverTheLimit_whenFetched_thenItFailsBeforeTheBodyIsRead() {
    serve("/big", file("image/png", randomBytes(5001), false));

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () ->
                LOOPBACK_ALLOWED.fetch(
                    uri("/big"),
                    Optional.empty(),
                    5000,
                    (mimeType, content) -> {
                      throw new AssertionError("the body was read");
                    }));

    assertTrue(e.getMessage().contains("larger than the 5000 bytes allowed"), e.getMessage());
  }

  @Test
  void givenAnUndeclaredLengthOverTheLimit_whenFetched_thenItFailsAsTooLarge() {
    serve("/big", file("image/png", randomBytes(50_001), true));

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () -> fetch(LOOPBACK_ALLOWED, uri("/big"), Optional.empty(), 50_000));

    assertTrue(e.getMessage().contains("larger than the 50000 bytes allowed"), e.getMessage());
  }

  @Test
  void givenExactlyTheLimit_whenFetched_thenItArrives() throws Exception {
    serve("/edge", file("image/png", randomBytes(50_000), true));

    assertEquals(
        50_000, fetch(LOOPBACK_ALLOWED, uri("/edge"), Optional.empty(), 50_000).content().length);
  }

  @Test
  void givenAServerThatTricklesItsAnswer_whenFetched_thenTheTotalTimeOutEndsIt() {
    serve(
        "/slow",
        exchange -> {
          exchange.sendResponseHeaders(200, 1000);
          OutputStream out = exchange.getResponseBody();
          try {
            for (int i = 0; i < 1000; i++) {
              out.write(i);
              out.flush();
              Thread.sleep(10);
            }
          } catch (InterruptedException | IOException e) {
            // the fetcher hung up
          }
        });
    long started = System.nanoTime();

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () -> fetch(LOOPBACK_ALLOWED, uri("/slow"), Optional.empty(), 5000));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
    assertTrue(took.compareTo(TOTAL.plusSeconds(2)) < 0, "took " + took);
  }

  @Test
  void givenAnAnswerOtherThan200_whenFetched_thenItFailsNamingTheStatus() {
    serve("/secret", exchange -> exchange.sendResponseHeaders(401, -1));

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () -> fetch(LOOPBACK_ALLOWED, uri("/secret"), Optional.empty(), 100));

    assertTrue(e.getMessage().endsWith("answered HTTP 401"), e.getMessage());
  }

  @Test
  void givenAnEmptyAnswer_whenFetched_thenItFails() {
    serve("/empty", exchange -> exchange.sendResponseHeaders(200, -1));

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () -> fetch(LOOPBACK_ALLOWED, uri("/empty"), Optional.empty(), 100));

    assertTrue(e.getMessage().contains("no content"), e.getMessage());
  }

  @Test
  void givenACompressedAnswer_whenFetched_thenItIsRefused() {
    serve(
        "/gz",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Encoding", "gzip");
          exchange.sendResponseHeaders(200, 3);
          exchange.getResponseBody().write(new byte[3]);
        });

    assertThrows(
        LinkFetchException.class, () -> fetch(LOOPBACK_ALLOWED, uri("/gz"), Optional.empty(), 100));
  }

  @Test
  void givenCredentials_whenFetched_thenTheyAreSentAsTheAuthorizationHeader() throws Exception {
    serve("/doc", file("application/pdf", randomBytes(10), false));

    fetch(LOOPBACK_ALLOWED, uri("/doc"), Optional.of("Bearer t0ken"), 100);

    assertEquals("Bearer t0ken", authorizations.get("/doc"));
  }

  @Test
  void givenARelativeRedirect_whenFetched_thenItIsFollowed() throws Exception {
    byte[] content = randomBytes(1000);
    serve("/moved", redirect("/here.png"));
    serve("/here.png", file(null, content, false));

    Got got = fetch(LOOPBACK_ALLOWED, uri("/moved"), Optional.of("Bearer t"), 10_000);

    assertArrayEquals(content, got.content());
    assertEquals("image/png", got.mimeType());
    assertEquals("Bearer t", authorizations.get("/here.png"));
  }

  @Test
  void givenARedirectToAnotherOrigin_whenFollowed_thenTheCredentialsStayBehind() throws Exception {
    HttpServer other =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    Map<String, Optional<String>> seen = new ConcurrentHashMap<>();
    other.createContext(
        "/",
        exchange -> {
          seen.put(
              "auth", Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
          try (exchange) {
            file("image/png", randomBytes(10), false).handle(exchange);
          }
        });
    other.start();
    try {
      serve("/away", redirect("http://127.0.0.1:" + other.getAddress().getPort() + "/x.png"));

      fetch(LOOPBACK_ALLOWED, uri("/away"), Optional.of("Bearer t"), 100);

      assertEquals(Optional.empty(), seen.get("auth"));
    } finally {
      other.stop(0);
    }
  }

  @Test
  void givenMoreRedirectsThanAllowed_whenFetched_thenItFails() {
    serve("/loop", redirect("/loop"));

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () -> fetch(LOOPBACK_ALLOWED, uri("/loop"), Optional.empty(), 100));

    assertTrue(e.getMessage().contains("redirected more than 3 times"), e.getMessage());
    assertEquals(LinkFetcher.MAX_REDIRECTS + 1, requests.get());
  }

  @Test
  void givenARedirectToARestrictedAddress_whenFetched_thenTheGuardRefusesIt() {
    serve("/out", redirect("http://127.0.0.2:" + server.getAddress().getPort() + "/x.png"));

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () -> fetch(LOOPBACK_ALLOWED, uri("/out"), Optional.empty(), 100));

    assertTrue(e.getMessage().contains("127.0.0.2 is a loopback address"), e.getMessage());
    assertEquals(1, requests.get());
  }

  @Test
  void givenARedirectToAnotherScheme_whenFetched_thenItIsRefused() {
    serve("/ftp", redirect("ftp://127.0.0.1/x.png"));

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () -> fetch(LOOPBACK_ALLOWED, uri("/ftp"), Optional.empty(), 100));

    assertTrue(e.getMessage().contains("http or https"), e.getMessage());
  }

  @Test
  void givenALoopbackLinkNotAllowListed_whenFetched_thenItIsRefusedWithoutConnecting() {
    serve("/a.png", file("image/png", randomBytes(10), false));

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () -> fetch(fetcher(List.of()), uri("/a.png"), Optional.empty(), 100));

    assertTrue(e.getMessage().contains("is refused: 127.0.0.1 is a loopback address"));
    assertEquals(0, requests.get());
  }

  @Test
  void givenAHostThatResolvesToAPrivateAddress_whenFetched_thenItIsRefused() {
    LinkFetcher fetcher =
        fetcher(
            List.of("127.0.0.1"),
            host ->
                new InetAddress[] {
                  InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}),
                  InetAddress.getByAddress(host, new byte[] {10, 0, 0, 5})
                });

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () -> fetch(fetcher, URI.create("http://media.test/a.png"), Optional.empty(), 100));

    assertTrue(e.getMessage().contains("10.0.0.5 is a private address"), e.getMessage());
    assertEquals(0, requests.get());
  }

  @Test
  void givenAnAllowListedHostName_whenFetched_thenTheCheckedAddressIsConnectedWithTheHostHeader()
      throws Exception {
    serve("/a.png", file("image/png", randomBytes(10), false));
    AtomicInteger lookups = new AtomicInteger();
    LinkFetcher fetcher =
        fetcher(
            List.of("media.test"),
            host -> {
              lookups.incrementAndGet();
              return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
            });
    int port = server.getAddress().getPort();

    fetch(fetcher, URI.create("http://media.test:" + port + "/a.png"), Optional.empty(), 100);

    assertEquals(1, lookups.get());
    assertEquals("media.test:" + port, hostHeaders.get("/a.png"));
  }

  @Test
  void givenNothingListening_whenFetched_thenItFailsSayingTheConnectionWasRefused()
      throws Exception {
    int port;
    try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = unused.getLocalPort();
    }

    LinkFetchException e =
        assertThrows(
            LinkFetchException.class,
            () ->
                fetch(
                    LOOPBACK_ALLOWED,
                    URI.create("http://127.0.0.1:" + port + "/a.png"),
                    Optional.empty(),
                    100));

    assertTrue(e.getMessage().endsWith("refused the connection"), e.getMessage());
  }

  @Test
  void theOriginShownHidesPathQueryAndCredentials() {
    assertEquals(
        "https://cdn.example.com:443",
        LinkFetcher.origin(URI.create("https://cdn.example.com/a.png?X-Amz-Signature=s3cr3t")));
  }

  private static HttpHandler redirect(String location) {
    return exchange -> {
      exchange.getResponseHeaders().add("Location", location);
      exchange.sendResponseHeaders(302, -1);
    };
  }
}
