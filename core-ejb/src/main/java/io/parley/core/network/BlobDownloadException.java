package io.parley.core.network;

import jakarta.ejb.ApplicationException;

/**
 * A blob that cannot be downloaded however often it is asked for: the network does not have it (any
 * more), or it is longer than the caller allows. Unlike {@link NetworkUnavailableException}, trying
 * again does not help.
 */
@ApplicationException(rollback = false)
public class BlobDownloadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the blob cannot be had. */
  public enum Kind {
    /** The network answered 404: no such blob, or it expired after its retention. */
    NOT_FOUND,
    /** The blob has more bytes than the caller's limit; the rest was not read. */
    TOO_LARGE
  }

  private final Kind kind;

  public BlobDownloadException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
