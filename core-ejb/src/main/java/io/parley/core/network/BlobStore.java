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

/**
 * The network's media blob store: encrypted media files go up with {@code POST /v1/blobs} (the raw
 * body, streamed from a file) and are answered {@code 201 {"id"}}, on the network's host at {@code
 * parley.network.media-port}. The network never sees a media key, only ciphertext. Any failure to
 * store a blob (unreachable, a time-out, another answer) is a {@link NetworkUnavailableException}:
 * the work that needs it rolls back and is tried again.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BlobStore {

  /** Time allowed on top of the network time-out per MiB of the upload (1 MiB/s at the least). */
  static final Duration PER_MEBIBYTE = Duration.ofSeconds(1);

  @Resource ManagedExecutorService executor;
  @Inject ParleyConfig config;

  private volatile HttpClient client;

  /**
   * Uploads the encrypted media in {@code file}; the blob's id.
   *
   * @throws NetworkUnavailableException when the blob store did not store it
   */
  public String upload(Path file) {
    URI uri = URI.create("http://" + hostForUri() + ":" + config.networkMediaPort() + "/v1/blobs");
    try {
      long size = Files.size(file);
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(config.networkTimeout().plus(PER_MEBIBYTE.multipliedBy(1 + (size >> 20))))
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

  private String hostForUri() {
    String host = config.networkHost();
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
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
