package io.parley.media.store;

/** A media store operation that could not be done; {@link #kind()} says why. */
public class MediaStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why an operation failed. */
  public enum Kind {
    /** The id is not a safe file name (see {@link MediaIds}). */
    INVALID_ID,
    /** No content under the id. */
    NOT_FOUND,
    /** The content exceeds the configured maximum size; nothing was stored. */
    TOO_LARGE,
    /** The connection is closed, or its transaction branch is no longer active. */
    ILLEGAL_STATE,
    /** The volume could not be read or written, or no connection could be had. */
    UNAVAILABLE
  }

  private final Kind kind;

  public MediaStoreException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public MediaStoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
