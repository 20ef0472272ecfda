package io.parley.core.messages;

import io.parley.core.errors.ApiException;
import io.parley.core.errors.ErrorCode;
import io.parley.core.media.MediaTypes;
import java.util.Set;

/**
 * What each media message type may carry (§4's table of supported types): the MIME types, and the
 * largest file. A sticker may be animated, which Parley cannot tell, so the larger sticker limit
 * (500 KB) applies to all. Sizes are in binary units (1 MB = 1,048,576 bytes), as the upload limit.
 */
public final class MediaLimits {

  private static final long KB = 1024;
  private static final long MB = 1024 * KB;

  private static final Set<String> AUDIO =
      Set.of("audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg");
  private static final Set<String> IMAGE = Set.of("image/jpeg", "image/png");
  private static final Set<String> VIDEO = Set.of("video/mp4", "video/3gpp");
  private static final Set<String> STICKER = Set.of("image/webp");

  private MediaLimits() {}

  /**
   * Checks that media of {@code mimeType} and {@code size} bytes may be sent as {@code type}:
   * 400/2008 for a MIME type the type does not take, 400/1009 for a file over the type's limit.
   */
  public static void check(MessageType type, String mediaId, String mimeType, long size) {
    checkMimeType(type, "Media " + mediaId, mimeType);
    long limit = maxBytes(type);
    if (size > limit) {
      throw ApiException.invalid(
          "Media "
              + mediaId
              + " is "
              + size
              + " bytes; type '"
              + type.field()
              + "' takes at most "
              + limit
              + " bytes");
    }
  }

  /**
   * Checks that {@code type} takes media of {@code mimeType}: 400/2008 otherwise, the details
   * starting with {@code what} ({@code "Media <id>"}).
   */
  public static void checkMimeType(MessageType type, String what, String mimeType) {
    String base = MediaTypes.base(mimeType);
    Set<String> allowed = allowedTypes(type);
    if (allowed != null && !allowed.contains(base)) {
      throw new ApiException(
          ErrorCode.MEDIA_FORMAT_UNSUPPORTED,
          what
              + " is "
              + base
              + "; type '"
              + type.field()
              + "' takes "
              + String.join(", ", allowed.stream().sorted().toList()));
    }
  }

  /** The MIME types {@code type} takes; null when it takes any (documents). */
  static Set<String> allowedTypes(MessageType type) {
    return switch (type) {
      case IMAGE -> IMAGE;
      case AUDIO -> AUDIO;
      case VIDEO -> VIDEO;
      case STICKER -> STICKER;
      case DOCUMENT -> null;
      default -> throw new IllegalArgumentException(type + " is not a media type");
    };
  }

  /** The largest file {@code type} takes, in bytes. */
  static long maxBytes(MessageType type) {
    return switch (type) {
      case IMAGE -> 5 * MB;
      case AUDIO, VIDEO -> 16 * MB;
      case STICKER -> 500 * KB;
      case DOCUMENT -> 100 * MB;
      default -> throw new IllegalArgumentException(type + " is not a media type");
    };
  }
}
