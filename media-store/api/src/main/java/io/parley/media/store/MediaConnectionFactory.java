package io.parley.media.store;

import jakarta.resource.Referenceable;
import java.io.Serializable;

/**
 * Hands out connections to the media volume; what applications look up (or inject with
 * {@code @Resource}) under the connection definition's JNDI name.
 *
 * <p>A connection obtained inside a JTA transaction joins it: its writes and deletes become visible
 * to others when the transaction commits, and are undone when it rolls back. Obtained outside a
 * transaction, a connection applies each operation at once.
 */
public interface MediaConnectionFactory extends Serializable, Referenceable {

  /**
   * Returns a connection; close it when done (try-with-resources).
   *
   * @throws MediaStoreException of kind {@link MediaStoreException.Kind#UNAVAILABLE} when no
   *     connection can be had
   */
  MediaConnection getConnection();
}
