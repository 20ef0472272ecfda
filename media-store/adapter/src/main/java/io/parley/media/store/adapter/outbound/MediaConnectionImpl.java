package io.parley.media.store.adapter.outbound;

import io.parley.media.store.MediaConnection;
import io.parley.media.store.MediaStoreException;
import io.parley.media.store.adapter.transaction.TransactionalMedia;
import jakarta.resource.spi.IllegalStateException;
import java.io.InputStream;
import java.util.List;

/**
 * The connection handle an application holds: a thin front of the {@link MediaManagedConnection} it
 * is associated with, which the container may change. Refuses every call once closed or
 * invalidated.
 */
public final class MediaConnectionImpl implements MediaConnection {

  private MediaManagedConnection managed;
  private boolean closed;

  MediaConnectionImpl(MediaManagedConnection managed) {
    this.managed = managed;
  }

  @Override
  public long write(String id, InputStream content) {
    return media().write(id, content);
  }

  @Override
  public InputStream open(String id) {
    return media().open(id);
  }

  @Override
  public boolean exists(String id) {
    return media().exists(id);
  }

  @Override
  public long size(String id) {
    return media().size(id);
  }

  @Override
  public boolean delete(String id) {
    return media().delete(id);
  }

  @Override
  public List<String> ids() {
    return media().ids();
  }

  @Override
  public void close() {
    MediaManagedConnection owner;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      owner = managed;
      managed = null;
    }
    owner.closed(this);
  }

  /** Associates the handle with {@code target}; returns the managed connection it had. */
  synchronized MediaManagedConnection moveTo(MediaManagedConnection target)
      throws IllegalStateException {
    if (closed) {
      throw new IllegalStateException("The connection handle is closed");
    }
    MediaManagedConnection previous = managed;
    managed = target;
    return previous;
  }

  /** Closes the handle without an event, if {@code owner} still has it. */
  synchronized void invalidate(MediaManagedConnection owner) {
    if (managed == owner) {
      closed = true;
      managed = null;
    }
  }

  private synchronized TransactionalMedia media() {
    if (closed) {
      throw new MediaStoreException(
          MediaStoreException.Kind.ILLEGAL_STATE, "The media store connection is closed");
    }
    return managed.media();
  }
}
