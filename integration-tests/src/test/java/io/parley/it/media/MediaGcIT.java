package io.parley.it.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.FreshDatabase;
import io.parley.it.ParleyIT;
import io.parley.it.SystemProperties;
import io.parley.it.messaging.Parley;
import io.parley.it.messaging.Sandbox;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;

/**
 * The media garbage collector against the media store and MySQL. The server runs with a retention
 * of {@link #RETENTION} and a timer every second ({@link ShortRetention}); media is made old by
 * moving its {@code last_used_at} back in the database, so that no test waits for the retention. A
 * collection takes old media, row and file, and keeps media used since: uploaded, downloaded, sent
 * in a message, and the profile photo. {@code /v1/stats/db} counts the media and the collections.
 */
@ServerSetup({FreshDatabase.class, MediaGcIT.ShortRetention.class})
class MediaGcIT extends ParleyIT {

  static final Duration RETENTION = Duration.ofSeconds(60);

  /** Longer ago than {@link #RETENTION}; far within the default retention of 30 days. */
  static final Duration OLD = RETENTION.multipliedBy(2);

  /** Retention {@link #RETENTION}, and the garbage collector's timer every second. */
  public static class ShortRetention extends SystemProperties {
    public ShortRetention() {
      super(
          Map.of(
              "parley.media.retention-seconds",
              Long.toString(RETENTION.toSeconds()),
              "parley.media.gc-interval-seconds",
              "1"));
    }
  }

  private static final String GC = "/v1/services/media/gc";

  @ArquillianResource ManagementClient management;

  private final ApiClient admin = new ApiClient().asAdmin();

  @Test
  void mediaUnusedForLongerThanTheRetentionIsCollectedRowAndFile() throws Exception {
    String id = upload("application/pdf", 1000);
    MediaVolume.age(id, OLD);

    collect();

    ApiClient.Response download = admin.get("/v1/media/" + id);
    assertEquals(404, download.status(), download.text());
    assertEquals(1006, download.errorCode());
    assertNull(MediaVolume.storedSize(id));
    assertFalse(MediaVolume.hasFile(management, id));
  }

  @Test
  void mediaLastUsedWithinTheRetentionStays() throws Exception {
    String id = upload("application/pdf", 1000);
    MediaVolume.age(id, RETENTION.dividedBy(2));

    collect();

    assertStored(id);
  }

  @Test
  void aDownloadCountsAsAUse() throws Exception {
    String id = upload("image/png", 1000);
    MediaVolume.age(id, OLD);

    assertEquals(200, admin.get("/v1/media/" + id).status());
    collect();

    assertStored(id);
  }

  @Test
  void mediaSentInAMessageCountsAsUsed() throws Exception {
    Sandbox sandbox = Sandbox.get();
    Parley.register(admin, sandbox, "1", "5550009300");
    Parley.userWhoWrote(sandbox, "447700909301", "15550009300");
    String id = upload("image/png", 1000);
    MediaVolume.age(id, OLD);

    ApiClient.Response sent =
        admin.post(
            "/v1/messages",
            Json.createObjectBuilder()
                .add("to", "447700909301")
                .add("type", "image")
                .add("image", Json.createObjectBuilder().add("id", id))
                .build());
    assertEquals(201, sent.status(), sent.text());
    collect();

    assertStored(id);
  }

  @Test
  void theProfilePhotoIsNeverCollected() throws Exception {
    ApiClient.Response posted =
        admin.sendBytes(
            "POST",
            "/v1/settings/profile/photo",
            content(2000),
            Map.of("Content-Type", "image/jpeg"));
    assertEquals(201, posted.status(), posted.text());
    String id = photoId();
    MediaVolume.age(id, OLD);

    collect();

    assertEquals(id, photoId());
    assertTrue(MediaVolume.hasFile(management, id));
  }

  @Test
  void statsCountTheMediaAndWhatTheCollectorDeleted() throws Exception {
    String old = upload("text/plain", 1234);
    upload("text/plain", 100);
    MediaVolume.age(old, OLD);
    Map<String, Long> storedBefore = MediaVolume.sizes();
    JsonObject before = stats();
    long startedAt = System.currentTimeMillis() / 1000;

    collect();

    JsonObject after = stats();
    // Media of earlier tests may have grown old meanwhile: the figures must match what went.
    Map<String, Long> deleted = new HashMap<>(storedBefore);
    deleted.keySet().removeAll(MediaVolume.sizes().keySet());
    assertTrue(deleted.containsKey(old), deleted.toString());
    long files = deleted.size();
    long bytes = deleted.values().stream().mapToLong(Long::longValue).sum();
    assertEquals(-files, change(before, after, "db_media_files", "uploaded"));
    assertEquals(-bytes, change(before, after, "db_media_bytes", "uploaded"));
    assertEquals(-files, change(before, after, "db_rows", "media"));
    assertEquals(1, change(before, after, "media_gc_runs", null));
    assertEquals(files, change(before, after, "media_gc_deleted_files", null));
    assertEquals(bytes, change(before, after, "media_gc_deleted_bytes", null));
    assertTrue(value(after, "media_gc_last_run_seconds", null) >= startedAt, after.toString());
    assertEquals("counter", after.getJsonObject("media_gc_deleted_bytes").getString("type"));
    assertEquals("gauge", after.getJsonObject("db_media_bytes").getString("type"));
  }

  @Test
  void theTimerCollectsOnlyWhileTheSettingIsOn() throws Exception {
    String id = upload("application/pdf", 1000);
    MediaVolume.age(id, OLD);

    Thread.sleep(3000);
    assertNotNull(
        MediaVolume.storedSize(id), "collected while garbagecollector_enable.media is off");

    setMediaGc(JsonValue.TRUE);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (MediaVolume.storedSize(id) != null) {
        assertTrue(System.nanoTime() < deadline, "not collected with the setting on");
        Thread.sleep(200);
      }
      assertFalse(MediaVolume.hasFile(management, id));
    } finally {
      setMediaGc(JsonValue.NULL);
    }
  }

  @Test
  void collectingIsForAdmins() {
    ApiClient anonymous = new ApiClient();

    assertEquals(401, anonymous.send("PUT", GC, null, Map.of()).status());
  }

  // --- helpers

  private static byte[] content(int size) {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    return content;
  }

  private String upload(String contentType, int size) {
    ApiClient.Response response =
        admin.sendBytes("POST", "/v1/media", content(size), Map.of("Content-Type", contentType));
    assertEquals(201, response.status(), response.text());
    return response.json().getJsonArray("media").getJsonObject(0).getString("id");
  }

  private void collect() {
    ApiClient.Response collected = admin.send("PUT", GC, null, Map.of());
    assertEquals(200, collected.status(), collected.text());
    assertEquals(Set.of("meta"), collected.json().keySet());
  }

  /** Media {@code id} is still there: downloadable, with its row and file. */
  private void assertStored(String id) throws Exception {
    assertEquals(200, admin.get("/v1/media/" + id).status());
    assertNotNull(MediaVolume.storedSize(id));
    assertTrue(MediaVolume.hasFile(management, id));
  }

  /** The media id of the profile photo, from its link. */
  private String photoId() {
    ApiClient.Response link = admin.get("/v1/settings/profile/photo?format=link");
    assertEquals(200, link.status(), link.text());
    String url =
        link.json()
            .getJsonObject("settings")
            .getJsonObject("profile")
            .getJsonObject("photo")
            .getString("link");
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private void setMediaGc(JsonValue enabled) {
    ApiClient.Response patched =
        admin.patch(
            "/v1/settings/application",
            Json.createObjectBuilder()
                .add("garbagecollector_enable", Json.createObjectBuilder().add("media", enabled))
                .build());
    assertEquals(200, patched.status(), patched.text());
  }

  private JsonObject stats() {
    ApiClient.Response stats = admin.get("/v1/stats/db");
    assertEquals(200, stats.status(), stats.text());
    return stats.json().getJsonObject("stats").getJsonObject("db");
  }

  /** How much metric {@code name}'s sample {@code label} changed from {@code before}. */
  private static long change(JsonObject before, JsonObject after, String name, String label) {
    return Math.round(value(after, name, label) - value(before, name, label));
  }

  /**
   * The value of metric {@code name}'s sample whose {@code origin} or {@code table} label is {@code
   * label} (the only sample when null); the test fails without it.
   */
  private static double value(JsonObject stats, String name, String label) {
    JsonObject metric = stats.getJsonObject(name);
    assertNotNull(metric, name + " in " + stats);
    return metric.getJsonArray("data").getValuesAs(JsonObject.class).stream()
        .filter(
            sample -> {
              JsonObject labels = sample.getJsonObject("labels");
              return label == null
                  || label.equals(labels.getString("origin", null))
                  || label.equals(labels.getString("table", null));
            })
        .mapToDouble(sample -> sample.getJsonNumber("value").doubleValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + "{" + label + "} in " + stats));
  }
}
