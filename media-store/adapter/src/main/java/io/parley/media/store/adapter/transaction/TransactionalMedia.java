package io.parley.media.store.adapter.transaction;

import io.parley.media.store.MediaIds;
import io.parley.media.store.MediaStoreException;
import io.parley.media.store.adapter.volume.Change;
import io.parley.media.store.adapter.volume.MediaVolume;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The media operations of one managed connection, with their transaction semantics: while the
 * connection's {@link MediaXAResource} works in a branch, writes and deletes are staged in the
 * branch and reads see them; otherwise each write or delete is forced and applied before it
 * returns.
 */
public final class TransactionalMedia {

  private final MediaResourceManager manager;
  private final MediaXAResource xaResource;
  private final long maxFileSize;

  public TransactionalMedia(
      MediaResourceManager manager, MediaXAResource xaResource, long maxFileSize) {
    this.manager = manager;
    this.xaResource = xaResource;
    this.maxFileSize = maxFileSize;
  }

  public long write(String id, InputStream content) {
    MediaIds.requireValid(id);
    Branch branch = activeBranch();
    MediaVolume volume = manager.volume();
    MediaVolume.Staged staged;
    try {
      staged = volume.write(content, maxFileSize);
    } catch (IOException e) {
      throw unavailable("Could not write " + id, e);
    }
    change(branch, new Change.Put(id, staged.name()));
    return staged.size();
  }

  public InputStream open(String id) {
    Path file = visible(id).orElseThrow(() -> notFound(id));
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw notFound(id);
    } catch (IOException e) {
      throw unavailable("Could not open " + id, e);
    }
  }

  public boolean exists(String id) {
    return visible(id).map(Files::isRegularFile).orElse(false);
  }

  public long size(String id) {
    Path file = visible(id).orElseThrow(() -> notFound(id));
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      throw notFound(id);
    } catch (IOException e) {
      throw unavailable("Could not read the size of " + id, e);
    }
  }

  public boolean delete(String id) {
    Branch branch = activeBranch();
    if (!exists(id)) {
      return false;
    }
    change(branch, new Change.Delete(id));
    return true;
  }

  public List<String> ids() {
    List<String> committed;
    try {
      committed = manager.volume().ids();
    } catch (IOException e) {
      throw unavailable("Could not list the media", e);
    }
    Branch branch = xaResource.branch();
    if (branch == null) {
      return committed;
    }
    TreeSet<String> visible = new TreeSet<>(committed);
    for (Change change : branch.changes()) {
      if (change instanceof Change.Put) {
        visible.add(change.id());
      } else {
        visible.remove(change.id());
      }
    }
    return List.copyOf(visible);
  }

  /** The connection's branch, which must take changes, or {@code null} outside a transaction. */
  private Branch activeBranch() {
    Branch branch = xaResource.branch();
    if (branch != null) {
      branch.requireActive();
    }
    return branch;
  }

  /** Stages {@code change} in {@code branch}, or applies it now when there is none. */
  private void change(Branch branch, Change change) {
    MediaVolume volume = manager.volume();
    if (branch == null) {
      try {
        volume.flush(List.of(change));
        volume.apply(List.of(change));
      } catch (IOException e) {
        volume.discard(List.of(change));
        throw unavailable("Could not store " + change.id(), e);
      }
      return;
    }
    Change replaced;
    try {
      replaced = branch.stage(change);
    } catch (MediaStoreException e) {
      volume.discard(List.of(change));
      throw e;
    }
    if (replaced != null) {
      volume.discard(List.of(replaced));
    }
  }

  /**
   * Where the content of {@code id} is as the connection sees it; empty when its branch deleted it.
   */
  private Optional<Path> visible(String id) {
    MediaIds.requireValid(id);
    Branch branch = xaResource.branch();
    Change staged = branch == null ? null : branch.change(id);
    MediaVolume volume = manager.volume();
    if (staged == null) {
      return Optional.of(volume.mediaFile(id));
    }
    return staged instanceof Change.Put put
        ? Optional.of(volume.stagingFile(put.staging()))
        : Optional.empty();
  }

  private static MediaStoreException notFound(String id) {
    return new MediaStoreException(MediaStoreException.Kind.NOT_FOUND, "No media " + id);
  }

  private static MediaStoreException unavailable(String message, IOException cause) {
    return new MediaStoreException(MediaStoreException.Kind.UNAVAILABLE, message, cause);
  }
}
