package io.parley.core.media;

import io.parley.core.errors.ApiException;
import io.parley.persistence.media.Media;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Content-Type} of an upload, which is stored as the media's MIME type and given back as
 * the {@code Content-Type} of its download: a concrete {@code type/subtype}, with parameters if any
 * ({@code audio/ogg; codecs=opus}).
 */
public final class MediaTypes {

  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("(" + TOKEN + ")/(" + TOKEN + ")\\s*(;.*)?", Pattern.DOTALL);

  private static final String OCTET_STREAM = "application/octet-stream";

  private MediaTypes() {}

  /**
   * The MIME type to store for {@code contentType}: 400/1008 when it is absent, 400/1009 when it is
   * not a media type, is a wildcard or is too long to store.
   */
  public static String of(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw ApiException.missing("Content-Type");
    }
    String type = contentType.strip();
    Matcher parts = MEDIA_TYPE.matcher(type);
    if (type.length() > Media.MAX_MIME_TYPE_LENGTH
        || !parts.matches()
        || parts.group(1).equals("*")
        || parts.group(2).equals("*")) {
      throw ApiException.invalid("Content-Type", abbreviate(type));
    }
    return type;
  }

  /** {@code audio/ogg} for {@code Audio/OGG; codecs=opus}: the type without its parameters. */
  public static String base(String mimeType) {
    int semicolon = mimeType.indexOf(';');
    return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  /**
   * The MIME type to store for media a user sent as {@code declared}: as declared when {@link #of}
   * would take it, else {@code application/octet-stream}, so that a download can always name it.
   */
  static String received(String declared) {
    try {
      return of(declared);
    } catch (ApiException e) {
      return OCTET_STREAM;
    }
  }

  private static String abbreviate(String type) {
    String shown = type.length() > 80 ? type.substring(0, 80) + "..." : type;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
