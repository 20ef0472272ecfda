package io.parley.media.store;

import java.io.InputStream;
import java.util.List;

/**
 * One application's handle on the media volume: media files named by caller-chosen ids (see {@link
 * MediaIds}).
 *
 * <p>Transaction semantics: inside a JTA transaction, {@link #write} and {@link #delete} are staged
 * and take effect when the transaction commits, together with the database rows of the same
 * transaction; until then only this transaction sees them. Outside a transaction each call takes
 * effect before it returns. Content is streamed to disk, never held in memory, whatever its size.
 */
public interface MediaConnection extends AutoCloseable {

  /**
   * Stores {@code content} under {@code id}, replacing what the id held. The stream is read to its
   * end but not closed. If reading it fails, nothing is stored.
   *
   * @return the number of bytes stored
   * @throws MediaStoreException of kind {@link MediaStoreException.Kind#TOO_LARGE} when the content
   *     exceeds the configured maximum size (nothing is stored), {@link
   *     MediaStoreException.Kind#INVALID_ID} for an id that {@link MediaIds#isValid} refuses
   */
  long write(String id, InputStream content);

  /**
   * Opens the content stored under {@code id}: the committed content, or what this transaction has
   * written. The caller closes the stream.
   *
   * @throws MediaStoreException of kind {@link MediaStoreException.Kind#NOT_FOUND} when there is
   *     none
   */
  InputStream open(String id);

  /** Whether {@code id} holds content, as this connection sees it (its transaction included). */
  boolean exists(String id);

  /**
   * The size in bytes of the content under {@code id}.
   *
   * @throws MediaStoreException of kind {@link MediaStoreException.Kind#NOT_FOUND} when there is
   *     none
   */
  long size(String id);

  /**
   * Deletes the content under {@code id}; inside a transaction the deletion takes effect at commit.
   *
   * @return whether there was content to delete
   */
  boolean delete(String id);

  /**
   * Every id holding content, in ascending order, as this connection sees them (its transaction's
   * writes and deletes included); for garbage collection and consistency checks.
   */
  List<String> ids();

  /** Releases the connection; a closed connection refuses every further call. */
  @Override
  void close();
}
