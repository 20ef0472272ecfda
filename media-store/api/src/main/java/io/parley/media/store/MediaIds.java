package io.parley.media.store;

import java.util.regex.Pattern;

/**
 * The rule for media ids, which the store uses as file names: 1 to 200 characters from {@code
 * [A-Za-z0-9._-]}, not starting with a dot. So an id can never name a path outside the volume
 * ({@code ..}, separators), a hidden file, or a file that differs only on another platform's rules.
 */
public final class MediaIds {

  /** The longest id; file systems allow 255 bytes per name. */
  public static final int MAX_LENGTH = 200;

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

  private MediaIds() {}

  /** Whether {@code id} is a valid media id; {@code null} is not. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /**
   * Returns {@code id} if it is valid.
   *
   * @throws MediaStoreException of kind {@link MediaStoreException.Kind#INVALID_ID} otherwise
   */
  public static String requireValid(String id) {
    if (!isValid(id)) {
      throw new MediaStoreException(
          MediaStoreException.Kind.INVALID_ID, "Not a valid media id: " + abbreviate(id));
    }
    return id;
  }

  private static String abbreviate(String id) {
    if (id == null) {
      return "null";
    }
    String shown = id.length() > 40 ? id.substring(0, 40) + "..." : id;
    return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
  }
}
