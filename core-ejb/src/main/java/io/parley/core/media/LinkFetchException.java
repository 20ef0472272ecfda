package io.parley.core.media;

/**
 * A media link that could not be fetched: refused by {@link LinkGuard}, unreachable, too slow, too
 * large, or answered with something other than its content. The message says why, in words fit for
 * the client; it names the link's origin at most, never its path, query or credentials.
 */
public class LinkFetchException extends Exception {

  public LinkFetchException(String message) {
    super(message, null, false, false);
  }
}
