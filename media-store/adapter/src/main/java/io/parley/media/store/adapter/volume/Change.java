package io.parley.media.store.adapter.volume;

/** One pending change to the volume: content to move into place, or content to delete. */
public sealed interface Change permits Change.Put, Change.Delete {

  /** The media id the change is about. */
  String id();

  /**
   * Content written to a staging file, to be moved into place under {@code id}.
   *
   * @param staging the staging file's name relative to the staging directory
   */
  record Put(String id, String staging) implements Change {}

  /** Content to delete. */
  record Delete(String id) implements Change {}
}
