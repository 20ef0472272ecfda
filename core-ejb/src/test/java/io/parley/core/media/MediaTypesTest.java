package io.parley.core.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import org.junit.jupiter.api.Test;

class MediaTypesTest {

  private static ErrorCode refusal(String contentType) {
    return assertThrows(ApiException.class, () -> MediaTypes.of(contentType)).errorCode();
  }

  @Test
  void aMediaTypeIsKeptAsGiven() {
    assertEquals("image/png", MediaTypes.of("image/png"));
    assertEquals("application/vnd.ms-excel", MediaTypes.of("application/vnd.ms-excel"));
  }

  @Test
  void parametersAreKept() {
    assertEquals("audio/ogg; codecs=opus", MediaTypes.of("audio/ogg; codecs=opus"));
  }

  @Test
  void surroundingSpaceIsDropped() {
    assertEquals("text/plain", MediaTypes.of("  text/plain "));
  }

  @Test
  void anAbsentOrBlankContentTypeIsMissing1008() {
    assertEquals(ErrorCode.MISSING_PARAMETER, refusal(null));
    assertEquals(ErrorCode.MISSING_PARAMETER, refusal("  "));
  }

  @Test
  void somethingThatIsNotAMediaTypeIsInvalid1009() {
    assertEquals(ErrorCode.INVALID_PARAMETER, refusal("png"));
    assertEquals(ErrorCode.INVALID_PARAMETER, refusal("image/"));
    assertEquals(ErrorCode.INVALID_PARAMETER, refusal("image/png/x"));
    assertEquals(ErrorCode.INVALID_PARAMETER, refusal("image png"));
  }

  @Test
  void wildcardsAreInvalid1009() {
    assertEquals(ErrorCode.INVALID_PARAMETER, refusal("*/*"));
    assertEquals(ErrorCode.INVALID_PARAMETER, refusal("image/*"));
  }

  @Test
  void aTypeTooLongToStoreIsInvalid1009() {
    assertEquals(ErrorCode.INVALID_PARAMETER, refusal("application/" + "x".repeat(250)));
  }
}
