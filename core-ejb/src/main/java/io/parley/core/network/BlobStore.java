package io.parley.core.network;

import io.parley.core.config.ParleyConfig;
import io.parley.core.json.Jsons;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The network's media blob store: encrypted media files go up with {@code POST /v1/blobs} (the raw
 * body, streamed from a file) and are answered {@code 201 {"id"}}, and come down with {@code GET
 * /v1/blobs/{id}} (streamed to a file), on the network's host at {@code parley.network.media-port}.
 * The network never sees a media key, only ciphertext. Any failure to store or fetch a blob
 * (unreachable, a time-out, an unexpected answer) is a {@link NetworkUnavailableException}: the
 * work that needs it rolls back and is tried again. A blob the network does not have, or one longer
 * than allowed, is a {@link BlobDownloadException}, which trying again does not cure.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BlobStore {

  /** Time allowed on top of the network time-out per MiB of a blob (1 MiB/s at the least). */
  static final Duration PER_MEBIBYTE = Duration.ofSeconds(1);

  @Resource ManagedExecutorService executor;
  @Inject ParleyConfig config;

  /**
   * What a blob id may hold: it becomes a path segment of the blob's URI, so no dot comes first.
   */
  public static final Pattern BLOB_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}");

  private volatile HttpClient client;

  /**
   * Uploads the encrypted media in {@code file}; the blob's id.
   *
   * @throws NetworkUnavailableException when the blob store did not store it
   */
  public String upload(Path file) {
    URI uri = blobs("");
    try {
      long size = Files.size(file);
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout(size))
              .header("Content-Type", "application/octet-stream")
              .POST(HttpRequest.BodyPublishers.ofFile(file))
              .build();
      HttpResponse<String> response =
          client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 201) {
        throw new NetworkUnavailableException(
            "the blob store answered "
                + response.statusCode()
                + ": "
                + abbreviate(response.body()));
      }
      String id = blobId(response.body());
      if (id.isEmpty()) {
        throw new NetworkUnavailableException("the blob store answered without a blob id");
      }
      return id;
    } catch (FileNotFoundException e) {
      throw new IllegalStateException("the encrypted media file is gone: " + file, e);
    } catch (IOException e) {
      throw new NetworkUnavailableException("the blob store at " + uri + " is not reachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkUnavailableException("interrupted while uploading to the blob store", e);
    }
  }

  /**
   * Downloads blob {@code blobId} into {@code target}, reading no more than {@code maxBytes}: the
   * body is written as it arrives, never held whole in memory. The time allowed grows with {@code
   * maxBytes} as for uploads.
   *
   * @throws BlobDownloadException when the network has no such blob, or it is longer than {@code
   *     maxBytes}
   * @throws NetworkUnavailableException when the blob store cannot be reached or answers otherwise
   */
  public void download(String blobId, long maxBytes, Path target) {
    if (!BLOB_ID.matcher(blobId).matches()) {
      throw new IllegalArgumentException("not a blob id: " + blobId);
    }
    URI uri = blobs("/" + blobId);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.networkTimeout()).build();
    CompletableFuture<HttpResponse<Long>> answer =
        client()
            .sendAsync(
                request,
                response ->
                    response.statusCode() == 200
                        ? new BlobFileSubscriber(target, maxBytes)
                        : HttpResponse.BodySubscribers.replacing(0L));
    try {
      int status = answer.get(timeout(maxBytes).toMillis(), TimeUnit.MILLISECONDS).statusCode();
      if (status == 404) {
        throw new BlobDownloadException(
            BlobDownloadException.Kind.NOT_FOUND, "the network has no blob " + blobId);
      }
      if (status != 200) {
        throw new NetworkUnavailableException("the blob store answered " + status + " for " + uri);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof BlobDownloadException refused) {
        throw refused;
      }
      throw new NetworkUnavailableException(
          "could not download " + uri + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new NetworkUnavailableException("downloading " + uri + " took too long", e);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new NetworkUnavailableException("interrupted while downloading " + uri, e);
    }
  }

  /** The blob store's URI with {@code path} after {@code /v1/blobs}. */
  private URI blobs(String path) {
    String host = config.networkHost();
    String hostForUri = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create(
        "http://" + hostForUri + ":" + config.networkMediaPort() + "/v1/blobs" + path);
  }

  private Duration timeout(long bytes) {
    return config.networkTimeout().plus(PER_MEBIBYTE.multipliedBy(1 + (bytes >> 20)));
  }

  private static String blobId(String body) {
    try (JsonReader reader = Jsons.createReader(new StringReader(body))) {
      JsonObject answer = reader.readObject();
      return answer.getString("id", "");
    } catch (RuntimeException e) {
      throw new NetworkUnavailableException("the blob store's answer is not JSON", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private HttpClient client() {
    HttpClient current = client;
    if (current == null) {
      synchronized (this) {
        current = client;
        if (current == null) {
          current =
              HttpClient.newBuilder()
                  .connectTimeout(config.networkTimeout())
                  .version(HttpClient.Version.HTTP_1_1)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .executor(executor)
                  .build();
          client = current;
        }
      }
    }
    return current;
  }
}
