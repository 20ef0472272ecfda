package io.parley.it.settings;

import static io.parley.it.settings.Bodies.assertError;
import static io.parley.it.settings.Bodies.assertMetaOnly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.it.ApiClient;
import io.parley.it.ItEnvironment;
import io.parley.it.ParleyIT;
import io.parley.it.media.MediaVolume;
import java.net.URI;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * §6 profile photo: the raw JPEG or PNG uploaded, read back byte for byte with its type or as a
 * link that serves it, replaced, deleted; the 5 MB limit and the image types. The photo is kept in
 * the media store: its file and row come and go with it.
 */
class ProfilePhotoIT extends ParleyIT {

  private static final String PHOTO = "/v1/settings/profile/photo";
  private static final int LIMIT = 5 * 1024 * 1024;

  @ArquillianResource ManagementClient management;

  private final ApiClient admin = new ApiClient();

  @BeforeEach
  void logIn() {
    admin.asAdmin();
  }

  @Test
  void aJpegIsStoredWith201AndReadBackWithItsType() {
    byte[] jpeg = image(40_000, 1);

    ApiClient.Response posted = post("image/jpeg", jpeg);

    assertEquals(201, posted.status(), posted.text());
    assertEquals(Set.of("meta"), posted.json().keySet());
    ApiClient.Response photo = admin.get(PHOTO);
    assertEquals(200, photo.status());
    assertArrayEquals(jpeg, photo.body());
    assertEquals("image/jpeg", photo.header("Content-Type"));
  }

  @Test
  void aPngIsReadBackAsAPng() {
    byte[] png = image(3000, 2);
    assertEquals(201, post("image/png", png).status());

    ApiClient.Response photo = admin.get(PHOTO);

    assertArrayEquals(png, photo.body());
    assertEquals("image/png", photo.header("Content-Type"));
  }

  @Test
  void theLinkServesThePhotoThroughTheApi() {
    byte[] jpeg = image(5000, 3);
    assertEquals(201, post("image/jpeg", jpeg).status());

    String link = link();

    assertTrue(link.startsWith(ItEnvironment.baseUrl() + "/v1/media/"), link);
    ApiClient.Response followed = admin.get(URI.create(link).getPath());
    assertEquals(200, followed.status(), followed.text());
    assertArrayEquals(jpeg, followed.body());
    assertEquals("image/jpeg", followed.header("Content-Type"));
  }

  @Test
  void aNewPhotoReplacesTheOldOneFileAndRow() throws Exception {
    assertEquals(201, post("image/jpeg", image(1000, 4)).status());
    String old = mediaId(link());
    byte[] replacement = image(2000, 5);

    assertEquals(201, post("image/png", replacement).status());

    assertArrayEquals(replacement, admin.get(PHOTO).body());
    assertNull(MediaVolume.storedSize(old));
    assertFalse(MediaVolume.hasFile(management, old));
  }

  @Test
  void deleteIs200AndTakesTheFileAndTheRow() throws Exception {
    assertEquals(201, post("image/jpeg", image(1000, 6)).status());
    String id = mediaId(link());

    assertMetaOnly(admin.delete(PHOTO));

    assertError(404, 1006, admin.get(PHOTO));
    assertError(404, 1006, admin.get(PHOTO + "?format=link"));
    assertNull(MediaVolume.storedSize(id));
    assertFalse(MediaVolume.hasFile(management, id));
  }

  @Test
  void withoutAPhotoGetIs404With1006AndDeleteIs200() {
    assertMetaOnly(admin.delete(PHOTO));

    // There is none now: a second delete is still 200.
    assertMetaOnly(admin.delete(PHOTO));
    assertError(404, 1006, admin.get(PHOTO));
  }

  @Test
  void aPhotoOfExactly5MbIsAccepted() {
    byte[] largest = image(LIMIT, 7);

    assertEquals(201, post("image/jpeg", largest).status());

    assertEquals(LIMIT, admin.get(PHOTO).body().length);
  }

  @Test
  void aPhotoOver5MbIs1009AndKeepsThePhotoBefore() throws Exception {
    byte[] before = image(1000, 8);
    assertEquals(201, post("image/jpeg", before).status());
    long rows = MediaVolume.rows();

    assertError(400, 1009, post("image/jpeg", image(LIMIT + 1, 9)));

    assertArrayEquals(before, admin.get(PHOTO).body());
    assertEquals(rows, MediaVolume.rows());
  }

  @Test
  void aTypeOtherThanJpegOrPngIs1009() {
    assertError(400, 1009, post("image/gif", image(100, 10)));
    assertError(400, 1009, post("application/octet-stream", image(100, 11)));
  }

  @Test
  void aMissingTypeOrContentIs1008() {
    assertError(400, 1008, admin.sendBytes("POST", PHOTO, image(100, 12), Map.of()));
    assertError(400, 1008, post("image/jpeg", new byte[0]));
  }

  @Test
  void thePhotoCannotBeDeletedThroughTheMediaApi() {
    assertEquals(201, post("image/jpeg", image(100, 13)).status());
    String id = mediaId(link());

    assertError(404, 1006, admin.delete("/v1/media/" + id));

    assertEquals(200, admin.get(PHOTO).status());
  }

  // --- helpers

  private static byte[] image(int size, int seed) {
    byte[] content = new byte[size];
    new Random(seed).nextBytes(content);
    return content;
  }

  private ApiClient.Response post(String contentType, byte[] body) {
    return admin.sendBytes("POST", PHOTO, body, Map.of("Content-Type", contentType));
  }

  /** The link of {@code GET ?format=link}, checking the envelope's shape. */
  private String link() {
    ApiClient.Response response = admin.get(PHOTO + "?format=link");
    assertEquals(200, response.status(), response.text());
    assertEquals(Set.of("settings", "meta"), response.json().keySet());
    return response
        .json()
        .getJsonObject("settings")
        .getJsonObject("profile")
        .getJsonObject("photo")
        .getString("link");
  }

  private static String mediaId(String link) {
    return link.substring(link.lastIndexOf('/') + 1);
  }
}
