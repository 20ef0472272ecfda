package io.parley.core.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.protocol.media.MediaDescriptor;
import io.parley.protocol.wire.Content;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaUploadTest {

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static final MediaUpload UPLOAD =
      new MediaUpload(
          "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
          "audio/ogg; codecs=opus",
          new MediaDescriptor(filled(1), filled(2), filled(3), 1000, 1040));

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
  }

  @Test
  void givenAnUpload_whenStoredAndReadBack_thenEveryFieldIsKept() {
    String stored = UPLOAD.toJson();

    MediaUpload read = MediaUpload.parse(stored);

    assertTrue(stored.length() < 1024, stored);
    assertEquals(UPLOAD.blobId(), read.blobId());
    assertEquals(UPLOAD.mimeType(), read.mimeType());
    assertArrayEquals(filled(1), read.descriptor().mediaKey());
    assertArrayEquals(filled(2), read.descriptor().plaintextSha256());
    assertArrayEquals(filled(3), read.descriptor().encryptedSha256());
    assertEquals(1000, read.descriptor().plaintextLength());
    assertEquals(1040, read.descriptor().encryptedLength());
  }

  @Test
  void givenADocumentWithItsUpload_whenMapped_thenTheContentCarriesBlobKeyCaptionAndFilename() {
    JsonObject body =
        json(
            "{'type':'document','content':{'id':'m','caption':'Your invoice','filename':'a.pdf'}}");

    ContentMapper.Mapped mapped = ContentMapper.mapStored(body, Optional.of(UPLOAD.toJson()));

    Content.Media media = (Content.Media) mapped.content();
    assertEquals(Content.MediaType.DOCUMENT, media.type());
    assertEquals(UPLOAD.blobId(), media.blobId());
    assertEquals("audio/ogg; codecs=opus", media.mimeType());
    assertArrayEquals(filled(1), media.mediaKey());
    assertArrayEquals(filled(2), media.plaintextSha256());
    assertArrayEquals(filled(3), media.encryptedSha256());
    assertEquals(1000, media.plaintextLength());
    assertEquals(1040, media.encryptedLength());
    assertEquals("Your invoice", media.caption());
    assertEquals("a.pdf", media.filename());
    assertNull(mapped.template());
  }

  @Test
  void givenAnAudioMessage_whenMapped_thenCaptionAndFilenameAreEmpty() {
    JsonObject body = json("{'type':'audio','content':{'id':'m'}}");

    Content.Media media =
        (Content.Media) ContentMapper.mapStored(body, Optional.of(UPLOAD.toJson())).content();

    assertEquals(Content.MediaType.AUDIO, media.type());
    assertEquals("", media.caption());
    assertEquals("", media.filename());
  }

  @Test
  void givenAMediaMessageWithoutItsUpload_whenMapped_thenItIsRefused() {
    JsonObject body = json("{'type':'image','content':{'id':'m'}}");

    assertThrows(
        IllegalArgumentException.class, () -> ContentMapper.mapStored(body, Optional.empty()));
  }
}
