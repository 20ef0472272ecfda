package io.parley.core.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.errors.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaLimitsTest {

  private static final long KB = 1024;
  private static final long MB = 1024 * KB;

  private static int refusal(String type, String mimeType, long size) {
    return assertThrows(
            ApiException.class,
            () -> MediaLimits.check(MessageType.of(type).orElseThrow(), "m", mimeType, size))
        .errorCode()
        .code();
  }

  @ParameterizedTest
  @CsvSource({
    "image, image/jpeg, 5242880",
    "image, IMAGE/PNG, 1",
    "audio, audio/aac, 16777216",
    "audio, audio/mp4, 1",
    "audio, audio/mpeg, 1",
    "audio, audio/amr, 1",
    "audio, 'audio/ogg; codecs=opus', 1",
    "video, video/mp4, 16777216",
    "video, video/3gpp, 1",
    "document, application/pdf, 104857600",
    "document, application/x-anything, 1",
    "sticker, image/webp, 512000"
  })
  void givenMediaTheTypeTakes_whenChecked_thenItPasses(String type, String mimeType, long size) {
    MediaLimits.check(MessageType.of(type).orElseThrow(), "m", mimeType, size);
  }

  @ParameterizedTest
  @CsvSource({
    "image, image/gif",
    "image, image/webp",
    "audio, audio/wav",
    "video, video/quicktime",
    "sticker, image/png"
  })
  void givenAMimeTypeTheTypeDoesNotTake_whenChecked_thenItIs2008(String type, String mimeType) {
    assertEquals(2008, refusal(type, mimeType, 1));
  }

  @ParameterizedTest
  @CsvSource({
    "image, image/png, 5242881",
    "audio, audio/ogg, 16777217",
    "video, video/mp4, 16777217",
    "document, text/plain, 104857601",
    "sticker, image/webp, 512001"
  })
  void givenAFileOverTheTypesLimit_whenChecked_thenItIs1009(
      String type, String mimeType, long size) {
    assertEquals(1009, refusal(type, mimeType, size));
  }
}
