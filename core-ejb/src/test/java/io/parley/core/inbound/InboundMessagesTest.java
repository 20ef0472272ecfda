package io.parley.core.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.parley.protocol.wire.Content;
import jakarta.json.JsonObject;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The webhook objects of media messages (§5): id, MIME type, hash, caption and file name. */
class InboundMessagesTest {

  private static final String MEDIA_ID = "5c2e7f2a-3d8b-4b7e-9a4e-0d1c2b3a4f5e";
  private static final byte[] SHA256 = new byte[32];

  @Test
  void aReceivedImageCarriesItsMediaIdTypeHashAndCaption() {
    JsonObject image = mediaObject(Content.MediaType.IMAGE, "A cat", "");

    assertEquals(MEDIA_ID, image.getString("id"));
    assertEquals("image/jpeg", image.getString("mime_type"));
    assertEquals(HexFormat.of().formatHex(SHA256), image.getString("sha256"));
    assertEquals("A cat", image.getString("caption"));
    assertFalse(image.containsKey("filename"));
  }

  @Test
  void aReceivedDocumentCarriesItsFileNameAndCaption() {
    JsonObject document = mediaObject(Content.MediaType.DOCUMENT, "Q3", "report.pdf");

    assertEquals("report.pdf", document.getString("filename"));
    assertEquals("Q3", document.getString("caption"));
  }

  @Test
  void audioVoiceAndStickersCarryNeitherCaptionNorFileName() {
    for (Content.MediaType type :
        new Content.MediaType[] {
          Content.MediaType.AUDIO, Content.MediaType.VOICE, Content.MediaType.STICKER
        }) {
      JsonObject media = mediaObject(type, "said anyway", "named anyway");

      assertFalse(media.containsKey("caption"), type.toString());
      assertFalse(media.containsKey("filename"), type.toString());
      assertEquals(MEDIA_ID, media.getString("id"));
    }
  }

  @Test
  void aVideoCarriesItsCaptionButNoFileName() {
    JsonObject video = mediaObject(Content.MediaType.VIDEO, "Unboxing", "clip.mp4");

    assertEquals("Unboxing", video.getString("caption"));
    assertFalse(video.containsKey("filename"));
  }

  @Test
  void mediaWithoutAMediaIdIsShownAsUnknown() {
    JsonObject message = message(Content.MediaType.IMAGE, "", "", null);

    assertEquals("unknown", message.getString("type"));
  }

  private static JsonObject mediaObject(Content.MediaType type, String caption, String filename) {
    JsonObject message = message(type, caption, filename, MEDIA_ID);
    String name = type.name().toLowerCase(Locale.ROOT);
    assertEquals(name, message.getString("type"));
    return message.getJsonObject(name);
  }

  private static JsonObject message(
      Content.MediaType type, String caption, String filename, String mediaId) {
    Content.Media media =
        new Content.Media(
            type,
            "blob",
            "image/jpeg",
            new byte[32],
            SHA256,
            new byte[32],
            10,
            48,
            caption,
            filename);
    return InboundMessages.message(
        "wamid.in",
        "447700900001",
        1_700_000_000_000L,
        new Content.Envelope(media, ""),
        "15550001111",
        mediaId);
  }
}
