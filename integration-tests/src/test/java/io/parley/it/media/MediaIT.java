package io.parley.it.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.FreshDatabase;
import io.parley.it.ParleyIT;
import io.parley.it.SystemProperties;
import io.parley.it.messaging.Parley;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/**
 * §4 {@code /v1/media} against the media store and MySQL: upload, download byte for byte with the
 * stored type, delete, the request's validation, and the upload limit, which the server runs at 1
 * MB here ({@link LowUploadLimit}). A refused upload leaves neither a row nor a file, staged or
 * committed: the media directory on disk and the {@code media} table are looked at directly.
 */
@ServerSetup({FreshDatabase.class, MediaIT.LowUploadLimit.class})
class MediaIT extends ParleyIT {

  static final long LIMIT = 1024 * 1024;

  /** Sets {@code parley.media.max-upload-bytes} to {@link #LIMIT} while this class runs. */
  public static class LowUploadLimit extends SystemProperties {
    public LowUploadLimit() {
      super(Map.of("parley.media.max-upload-bytes", Long.toString(LIMIT)));
    }
  }

  @ArquillianResource ManagementClient management;

  private final ApiClient admin = new ApiClient().asAdmin();

  private static byte[] randomBytes(int size) {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return content;
  }

  private ApiClient.Response upload(ApiClient client, String contentType, byte[] body) {
    return client.sendBytes(
        "POST",
        "/v1/media",
        body,
        contentType == null ? Map.of() : Map.of("Content-Type", contentType));
  }

  private String uploaded(String contentType, byte[] body) {
    ApiClient.Response response = upload(admin, contentType, body);
    assertEquals(201, response.status(), response.text());
    return response.json().getJsonArray("media").getJsonObject(0).getString("id");
  }

  @Test
  void anUploadIs201WithANewUuidInTheEnvelope() {
    ApiClient.Response response = upload(admin, "application/pdf", randomBytes(1000));

    assertEquals(201, response.status(), response.text());
    JsonObject body = response.json();
    String id = body.getJsonArray("media").getJsonObject(0).getString("id");
    assertEquals(id, UUID.fromString(id).toString());
    assertEquals("stable", body.getJsonObject("meta").getString("api_status"));
    assertFalse(body.containsKey("errors"));
  }

  @Test
  void aDownloadIsTheUploadedBytesWithTheirTypeAndLength() {
    byte[] content = randomBytes(300_000);
    String id = uploaded("image/jpeg", content);

    ApiClient.Response download = admin.get("/v1/media/" + id);

    assertEquals(200, download.status());
    assertArrayEquals(content, download.body());
    assertEquals("image/jpeg", download.header("Content-Type"));
    assertEquals(Integer.toString(content.length), download.header("Content-Length"));
  }

  @Test
  void theParametersOfTheTypeComeBackWithTheDownload() {
    String id = uploaded("audio/ogg; codecs=opus", randomBytes(10));

    String type = admin.get("/v1/media/" + id).header("Content-Type");

    assertTrue(type.startsWith("audio/ogg"), type);
    assertTrue(type.contains("codecs=opus"), type);
  }

  @Test
  void aRowAndAFileAreStoredWithTheUpload() throws Exception {
    byte[] content = randomBytes(2000);

    String id = uploaded("application/octet-stream", content);

    assertArrayEquals(
        content,
        Files.readAllBytes(MediaVolume.directory(management).resolve("media").resolve(id)));
    assertEquals(2000L, MediaVolume.storedSize(id));
  }

  @Test
  void aBodyOfExactlyTheLimitIsAccepted() {
    String id = uploaded("video/mp4", randomBytes((int) LIMIT));

    assertEquals(LIMIT, admin.get("/v1/media/" + id).body().length);
  }

  @Test
  void deleteIs200WithOnlyMetaAndTakesTheRowAndTheFile() throws Exception {
    String id = uploaded("text/plain", randomBytes(100));

    ApiClient.Response deleted = admin.delete("/v1/media/" + id);

    assertEquals(200, deleted.status(), deleted.text());
    assertEquals(Set.of("meta"), deleted.json().keySet());
    ApiClient.Response download = admin.get("/v1/media/" + id);
    assertEquals(404, download.status());
    assertEquals(1006, download.errorCode());
    assertFalse(Files.exists(MediaVolume.directory(management).resolve("media").resolve(id)));
    assertNull(MediaVolume.storedSize(id));
  }

  @Test
  void unknownIdsAre404With1006() {
    for (String id : List.of(UUID.randomUUID().toString(), "not-a-media-id")) {
      ApiClient.Response download = admin.get("/v1/media/" + id);
      ApiClient.Response delete = admin.delete("/v1/media/" + id);

      assertEquals(404, download.status(), id);
      assertEquals(1006, download.errorCode(), id);
      assertEquals(404, delete.status(), id);
      assertEquals(1006, delete.errorCode(), id);
    }
  }

  @Test
  void aMissingContentTypeIs400With1008() {
    ApiClient.Response response = upload(admin, null, randomBytes(10));

    assertEquals(400, response.status(), response.text());
    assertEquals(1008, response.errorCode());
  }

  @Test
  void anEmptyBodyIs400With1008AndLeavesNothing() throws Exception {
    Snapshot before = snapshot();

    ApiClient.Response response = upload(admin, "image/png", new byte[0]);

    assertEquals(400, response.status(), response.text());
    assertEquals(1008, response.errorCode());
    assertNothingStoredSince(before);
  }

  @Test
  void aBodyOverTheLimitIs400With1009NamingTheLimitAndLeavesNothing() throws Exception {
    Snapshot before = snapshot();

    ApiClient.Response response = upload(admin, "video/mp4", randomBytes((int) LIMIT + 1));

    assertEquals(400, response.status(), response.text());
    assertEquals(1009, response.errorCode());
    String details = response.json().getJsonArray("errors").getJsonObject(0).getString("details");
    assertEquals("Request content exceeds size of 1 MB", details);
    assertNothingStoredSince(before);
  }

  @Test
  void aUserCanUploadDownloadAndDelete() {
    ApiClient user = user();
    byte[] content = randomBytes(500);

    ApiClient.Response uploaded = upload(user, "image/png", content);
    assertEquals(201, uploaded.status(), uploaded.text());
    String id = uploaded.json().getJsonArray("media").getJsonObject(0).getString("id");

    assertArrayEquals(content, user.get("/v1/media/" + id).body());
    assertEquals(200, user.delete("/v1/media/" + id).status());
  }

  @Test
  void withoutATokenMediaIs401() {
    ApiClient anonymous = new ApiClient();

    assertEquals(401, upload(anonymous, "image/png", randomBytes(10)).status());
    assertEquals(401, anonymous.get("/v1/media/" + UUID.randomUUID()).status());
  }

  /** What is stored: the committed media files, the staged ones, and the rows. */
  private record Snapshot(Set<String> files, Set<String> staged, long rows) {}

  private Snapshot snapshot() throws Exception {
    Path volume = MediaVolume.directory(management);
    return new Snapshot(
        names(volume.resolve("media")), stagedFiles(volume.resolve("staging")), MediaVolume.rows());
  }

  /**
   * No committed file, staged file or row was added since {@code before}. (The server's recovery
   * scans may remove staged files a crashed server left meanwhile, so staged files may be fewer.)
   */
  private void assertNothingStoredSince(Snapshot before) throws Exception {
    Snapshot after = snapshot();
    assertEquals(before.files(), after.files());
    assertTrue(before.staged().containsAll(after.staged()), after.staged().toString());
    assertEquals(before.rows(), after.rows());
  }

  private static Set<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  /** The content files in the staging directories of the adapter's instances (lock files aside). */
  private static Set<String> stagedFiles(Path staging) throws IOException {
    Set<String> staged = new TreeSet<>();
    for (String instance : names(staging)) {
      try (Stream<Path> files = Files.list(staging.resolve(instance))) {
        files
            .map(file -> instance + "/" + file.getFileName())
            .filter(name -> name.endsWith(".part"))
            .forEach(staged::add);
      } catch (NoSuchFileException | NotDirectoryException e) {
        // An instance directory that a recovery scan removed meanwhile, or not a directory.
      }
    }
    return staged;
  }

  private ApiClient user() {
    return Parley.newUser(admin, "media-" + UUID.randomUUID().toString().substring(0, 8));
  }
}
