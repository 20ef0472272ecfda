package io.parley.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.sandbox.client.ControlClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blob store's control side over real sockets: {@code GET /control/blobs/{id}} counts the
 * downloads through the media port, and {@code DELETE /control/blobs/{id}} takes a blob off the
 * network as its expiry would.
 */
class MediaBlobsTest {

  private static final byte[] CONTENT = {1, 2, 3, 4, 5};

  @TempDir Path data;
  private SandboxNetwork sandbox;
  private ControlClient control;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    sandbox = SandboxNetwork.start(SandboxConfig.ephemeral(data));
    control = new ControlClient(sandbox.controlPort());
  }

  @AfterEach
  void stop() throws Exception {
    sandbox.close();
  }

  @Test
  void aNewBlobShowsItsSizeAndNoDownloads() throws Exception {
    String id = upload();

    var blob = control.expect(200, "GET", "/control/blobs/" + id, null);

    assertEquals(id, blob.getString("id"));
    assertEquals(CONTENT.length, blob.getInt("size"));
    assertEquals(0, blob.getInt("downloads"));
  }

  @Test
  void eachDownloadThroughTheMediaPortIsCounted() throws Exception {
    String id = upload();

    assertArrayEquals(CONTENT, download(id).body());
    assertArrayEquals(CONTENT, download(id).body());

    assertEquals(2, control.expect(200, "GET", "/control/blobs/" + id, null).getInt("downloads"));
    assertTrue(
        control.text("/metrics").contains("sandbox_blobs_downloaded_total 2"),
        control.text("/metrics"));
  }

  @Test
  void aDeletedBlobIsGoneFromTheMediaPortAndTheControlApi() throws Exception {
    String id = upload();

    control.expect(204, "DELETE", "/control/blobs/" + id, null);

    assertEquals(404, download(id).statusCode());
    assertEquals(404, control.call("GET", "/control/blobs/" + id, null).status());
    assertEquals(404, control.call("DELETE", "/control/blobs/" + id, null).status());
  }

  @Test
  void anUnknownBlobIs404() throws Exception {
    assertEquals(404, control.call("GET", "/control/blobs/" + "0".repeat(32), null).status());
    assertEquals(404, control.call("DELETE", "/control/blobs/nonsense", null).status());
  }

  private String upload() throws Exception {
    HttpResponse<String> uploaded =
        http.send(
            HttpRequest.newBuilder(blobs(""))
                .POST(HttpRequest.BodyPublishers.ofByteArray(CONTENT))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, uploaded.statusCode(), uploaded.body());
    return JsonText.parse(uploaded.body()).getString("id");
  }

  private HttpResponse<byte[]> download(String id) throws Exception {
    return http.send(
        HttpRequest.newBuilder(blobs("/" + id)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private URI blobs(String path) {
    return URI.create("http://127.0.0.1:" + sandbox.mediaPort() + "/v1/blobs" + path);
  }
}
