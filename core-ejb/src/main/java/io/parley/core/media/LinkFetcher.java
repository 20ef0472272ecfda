package io.parley.core.media;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches a media link with a plain HTTP/1.1 GET, guarded: only {@code http} and {@code https}; the
 * host resolved once and every address it has checked by {@link LinkGuard}, and the connection made
 * to an address so checked (no second lookup, which DNS rebinding could answer differently; HTTPS
 * still verifies the certificate against the host name); at most {@value #MAX_REDIRECTS} redirects,
 * each one checked again; a connect time-out and a total time-out that covers everything after the
 * lookup, however slowly the server sends; and a size limit enforced on the declared length and on
 * the bytes read. Provider credentials go only to the link's own origin, not to one a redirect
 * leads to.
 *
 * <p>Written on sockets rather than on Java's {@code HttpClient}, which cannot be told which
 * address to connect to. Blocking, on the caller's thread; no thread of its own.
 */
public final class LinkFetcher {

  /** Redirects followed before the fetch fails. */
  public static final int MAX_REDIRECTS = 3;

  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final int MAX_CHUNK_LINE = 1024;

  /** The MIME types of file name extensions, for a link answered without a usable type. */
  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("png", "image/png"),
          Map.entry("webp", "image/webp"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("3gp", "video/3gpp"),
          Map.entry("aac", "audio/aac"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("amr", "audio/amr"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("opus", "audio/ogg"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("txt", "text/plain"));

  /** Looks a host name up: {@link InetAddress#getAllByName} in the server. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** Reads the content of a fetched link, given its MIME type first (and may refuse it). */
  @FunctionalInterface
  public interface Body<T> {
    T read(String mimeType, InputStream content) throws IOException;
  }

  /** How long connecting may take, and the whole fetch. */
  public record Limits(Duration connectTimeout, Duration totalTimeout) {}

  private final LinkGuard guard;
  private final Limits limits;
  private final Resolver resolver;
  private final SSLSocketFactory tls;

  public LinkFetcher(LinkGuard guard, Limits limits, Resolver resolver, SSLSocketFactory tls) {
    this.guard = guard;
    this.limits = limits;
    this.resolver = resolver;
    this.tls = tls;
  }

  /**
   * Fetches {@code link} and has {@code body} read its content, which is at most {@code maxBytes}
   * long; {@code authorization} is the {@code Authorization} header for the link's origin. The MIME
   * type is the answer's {@code Content-Type} without parameters, or, when that is absent or {@code
   * application/octet-stream}, the type of the path's file name extension, else {@code
   * application/octet-stream}. What {@code body} returns; exceptions other than {@link IOException}
   * that it throws pass through.
   *
   * @throws LinkFetchException when the link cannot be fetched, is empty or is too large
   */
  public <T> T fetch(URI link, Optional<String> authorization, long maxBytes, Body<T> body)
      throws LinkFetchException {
    long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
    URI current = link;
    for (int redirects = 0; ; redirects++) {
      checkScheme(current);
      Optional<String> credentials =
          origin(current).equals(origin(link)) ? authorization : Optional.empty();
      try (Exchange exchange = open(current, credentials, deadline)) {
        if (exchange.isRedirect()) {
          if (redirects == MAX_REDIRECTS) {
            throw new LinkFetchException(
                origin(link) + " redirected more than " + MAX_REDIRECTS + " times");
          }
          current = exchange.redirectTarget(current);
          continue;
        }
        if (exchange.status != 200) {
          throw new LinkFetchException(origin(current) + " answered HTTP " + exchange.status);
        }
        return exchange.read(current, maxBytes, body);
      } catch (IOException e) {
        throw failure(current, e, deadline);
      }
    }
  }

  /** {@code http://host:port}: the part of a link that may be shown, without path or query. */
  public static String origin(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme + "://" + uri.getHost() + ":" + port(uri);
  }

  /** The MIME type of content answered with {@code contentType} from {@code uri}. */
  static String mimeType(String contentType, URI uri) {
    String declared =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (declared.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")
        && !declared.equals("application/octet-stream")
        && !declared.equals("binary/octet-stream")) {
      return declared;
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    int dot = path.lastIndexOf('.');
    String extension =
        dot < 0 || path.indexOf('/', dot) >= 0
            ? ""
            : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    return BY_EXTENSION.getOrDefault(extension, "application/octet-stream");
  }

  private static void checkScheme(URI uri) throws LinkFetchException {
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      throw new LinkFetchException(
          "a link must be an http or https URL with a host and without credentials");
    }
  }

  private static boolean isHttps(URI uri) {
    return uri.getScheme().equalsIgnoreCase("https");
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private LinkFetchException failure(URI uri, IOException e, long deadline) {
    String origin = origin(uri);
    if (e instanceof SocketTimeoutException || remaining(deadline) <= 0) {
      return new LinkFetchException(
          origin + " did not answer in time (" + limits.totalTimeout().toSeconds() + " s at most)");
    }
    if (e instanceof UnknownHostException) {
      return new LinkFetchException("the host of " + origin + " cannot be resolved");
    }
    if (e instanceof ConnectException) {
      return new LinkFetchException(origin + " refused the connection");
    }
    if (e instanceof SSLException) {
      return new LinkFetchException("TLS with " + origin + " failed: " + e.getMessage());
    }
    return new LinkFetchException(origin + " could not be fetched: " + e.getMessage());
  }

  /** Resolves, checks, connects and sends the request; the answer's head read. */
  private Exchange open(URI uri, Optional<String> authorization, long deadline)
      throws IOException, LinkFetchException {
    String host = LinkGuard.bare(uri.getHost());
    InetAddress[] addresses = resolver.resolve(host);
    for (InetAddress address : addresses) {
      Optional<String> refusal = guard.refusal(host, address);
      if (refusal.isPresent()) {
        throw new LinkFetchException(
            "the host of " + origin(uri) + " is refused: " + refusal.get());
      }
    }
    Socket socket = connect(addresses, port(uri), deadline);
    try {
      if (isHttps(uri)) {
        SSLSocket secure = (SSLSocket) tls.createSocket(socket, host, port(uri), true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(parameters);
        secure.setSoTimeout(remaining(deadline));
        secure.startHandshake();
        socket = secure;
      }
      Exchange exchange = new Exchange(socket, deadline);
      exchange.send(uri, authorization);
      exchange.readHead();
      return exchange;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** A connection to the first of {@code addresses} that answers in time. */
  private Socket connect(InetAddress[] addresses, int port, long deadline) throws IOException {
    IOException last = new UnknownHostException("no address");
    for (InetAddress address : addresses) {
      Socket socket = new Socket();
      try {
        int timeout = Math.min(remaining(deadline), (int) limits.connectTimeout().toMillis());
        socket.connect(new InetSocketAddress(address, port), Math.max(1, timeout));
        return socket;
      } catch (IOException e) {
        socket.close();
        last = e;
        if (remaining(deadline) <= 0) {
          break;
        }
      }
    }
    throw last;
  }

  /** Milliseconds left until {@code deadline} (System.nanoTime), at most Integer.MAX_VALUE. */
  static int remaining(long deadline) {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
  }

  /** One request and its answer on one connection (no keep-alive). */
  private static final class Exchange implements AutoCloseable {

    private final Socket socket;
    private final TimedInput timed;
    private final InputStream in;
    private int status;
    private final Map<String, String> headers = new HashMap<>();

    Exchange(Socket socket, long deadline) throws IOException {
      this.socket = socket;
      this.timed = new TimedInput(socket, deadline);
      this.in = new BufferedInputStream(timed, 8192);
    }

    void send(URI uri, Optional<String> authorization) throws IOException {
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
      StringBuilder request =
          new StringBuilder()
              .append("GET ")
              .append(target)
              .append(" HTTP/1.1\r\nHost: ")
              .append(uri.getHost())
              .append(uri.getPort() == -1 ? "" : ":" + uri.getPort())
              .append("\r\nUser-Agent: Parley\r\nAccept: */*\r\nAccept-Encoding: identity\r\n")
              .append("Connection: close\r\n");
      authorization.ifPresent(
          value -> request.append("Authorization: ").append(value).append("\r\n"));
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /** The status and headers of the final answer (interim 1xx answers skipped). */
    void readHead() throws IOException {
      do {
        headers.clear();
        String statusLine = line(in, MAX_HEAD_BYTES);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
          throw new IOException("the answer is not HTTP/1.x");
        }
        status = Integer.parseInt(parts[1]);
        int size = statusLine.length();
        for (String header = line(in, MAX_HEAD_BYTES);
            !header.isEmpty();
            header = line(in, MAX_HEAD_BYTES)) {
          size += header.length();
          if (size > MAX_HEAD_BYTES) {
            throw new IOException("the answer's head is over " + MAX_HEAD_BYTES + " bytes");
          }
          int colon = header.indexOf(':');
          if (colon > 0) {
            String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).strip();
            String earlier = headers.putIfAbsent(name, value);
            if (earlier != null && name.equals("content-length") && !earlier.equals(value)) {
              throw new IOException("the answer has conflicting Content-Length headers");
            }
          }
        }
      } while (status >= 100 && status < 200);
    }

    boolean isRedirect() {
      return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    URI redirectTarget(URI from) throws LinkFetchException {
      String location = headers.get("location");
      if (location == null || location.isEmpty()) {
        throw new LinkFetchException(
            origin(from) + " answered HTTP " + status + " without a Location");
      }
      try {
        return from.resolve(new URI(location));
      } catch (java.net.URISyntaxException | IllegalArgumentException e) {
        throw new LinkFetchException(origin(from) + " redirected to a Location that is not a URL");
      }
    }

    <T> T read(URI uri, long maxBytes, Body<T> body) throws IOException, LinkFetchException {
      String encoding = headers.getOrDefault("content-encoding", "identity");
      if (!encoding.equalsIgnoreCase("identity")) {
        throw new LinkFetchException(
            origin(uri) + " answered with Content-Encoding " + encoding + ", which is not decoded");
      }
      InputStream framed = framed(uri, maxBytes);
      CountedInput content = new CountedInput(framed, maxBytes);
      T result;
      try {
        result = body.read(mimeType(headers.get("content-type"), uri), content);
        // A reader that stopped early still needs the rest checked against the limit.
        content.transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        if (content.exceeded) {
          throw tooLarge(uri, maxBytes);
        }
        throw e;
      }
      if (content.count == 0) {
        throw new LinkFetchException(origin(uri) + " answered with no content");
      }
      return result;
    }

    private InputStream framed(URI uri, long maxBytes) throws IOException, LinkFetchException {
      String transfer = headers.get("transfer-encoding");
      if (transfer != null) {
        if (!transfer.strip().equalsIgnoreCase("chunked")) {
          throw new LinkFetchException(
              origin(uri) + " answered with Transfer-Encoding " + transfer + ", not supported");
        }
        return new ChunkedInput(in);
      }
      String length = headers.get("content-length");
      if (length == null) {
        return in;
      }
      if (!length.matches("\\d{1,18}")) {
        throw new IOException("the answer's Content-Length is not a number");
      }
      long declared = Long.parseLong(length);
      if (declared > maxBytes) {
        throw tooLarge(uri, maxBytes);
      }
      return new FixedLengthInput(in, declared);
    }

    private static LinkFetchException tooLarge(URI uri, long maxBytes) {
      return new LinkFetchException(
          "the content at " + origin(uri) + " is larger than the " + maxBytes + " bytes allowed");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A line of the answer's head or a chunk size, without its CRLF (a bare LF ends one too). */
  private static String line(InputStream in, int max) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed in the middle of the answer");
      }
      if (line.size() >= max) {
        throw new IOException("a line of the answer is over " + max + " bytes");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  /**
   * The socket's input, each read given only the time left until the deadline: a server that
   * trickles its answer cannot stretch the fetch past the total time-out.
   */
  private static final class TimedInput extends FilterInputStream {

    private final Socket socket;
    private final long deadline;

    TimedInput(Socket socket, long deadline) throws IOException {
      super(socket.getInputStream());
      this.socket = socket;
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      arm();
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      return super.read(b, off, len);
    }

    private void arm() throws IOException {
      int left = remaining(deadline);
      if (left <= 0) {
        throw new SocketTimeoutException("the fetch took too long");
      }
      socket.setSoTimeout(left);
    }
  }

  /** A layer of the body's input: single bytes are read through {@link #read(byte[], int, int)}. */
  private abstract static class BodyInput extends FilterInputStream {

    BodyInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
  }

  /** The content, counted; a read past {@code limit} fails. */
  private static final class CountedInput extends BodyInput {

    private final long limit;
    private long count;
    private boolean exceeded;

    CountedInput(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
        if (count > limit) {
          exceeded = true;
          throw new IOException("the content is over " + limit + " bytes");
        }
      }
      return n;
    }
  }

  /** A body of a declared length; the connection closing before its end is an error. */
  private static final class FixedLengthInput extends BodyInput {

    private long left;

    FixedLengthInput(InputStream in, long length) {
      super(in);
      this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("the connection closed before the declared Content-Length");
      }
      left -= n;
      return n;
    }
  }

  /** A body in chunked transfer coding, decoded; trailers are read and ignored. */
  private static final class ChunkedInput extends BodyInput {

    private long left;
    private boolean done;

    ChunkedInput(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = line(in, MAX_CHUNK_LINE).split(";", 2)[0].strip();
        if (!size.matches("[0-9A-Fa-f]{1,15}")) {
          throw new IOException("a chunk size is not hexadecimal");
        }
        left = Long.parseLong(size, 16);
        if (left == 0) {
          while (!line(in, MAX_CHUNK_LINE).isEmpty()) {
            // trailers
          }
          done = true;
          return -1;
        }
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("the connection closed in the middle of a chunk");
      }
      left -= n;
      if (left == 0 && !line(in, MAX_CHUNK_LINE).isEmpty()) {
        throw new IOException("a chunk is not followed by CRLF");
      }
      return n;
    }
  }
}
