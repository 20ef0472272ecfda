package io.parley.media.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "photo.jpg", "3f2a-9b1c_04.enc", "A.B.C", "-x", "_"})
  void safeFileNamesAreValid(String id) {
    assertTrue(MediaIds.isValid(id));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        ".",
        "..",
        "../etc/passwd",
        "a/b",
        "a\\b",
        ".hidden",
        "a b",
        "a:b",
        "é",
        "a\u0000b",
        "a\nb"
      })
  void pathsHiddenNamesAndOtherCharactersAreInvalid(String id) {
    assertFalse(MediaIds.isValid(id));
  }

  @ParameterizedTest
  @ValueSource(ints = {MediaIds.MAX_LENGTH, MediaIds.MAX_LENGTH + 1})
  void idsUpToTheMaximumLengthAreValid(int length) {
    String id = "x".repeat(length);

    assertEquals(length <= MediaIds.MAX_LENGTH, MediaIds.isValid(id));
  }

  @Test
  void requireValidReturnsAValidId() {
    assertEquals("photo.jpg", MediaIds.requireValid("photo.jpg"));
  }

  @Test
  void requireValidRefusesAnInvalidIdAsInvalidId() {
    MediaStoreException refused =
        assertThrows(MediaStoreException.class, () -> MediaIds.requireValid("../escape"));

    assertEquals(MediaStoreException.Kind.INVALID_ID, refused.kind());
  }
}
