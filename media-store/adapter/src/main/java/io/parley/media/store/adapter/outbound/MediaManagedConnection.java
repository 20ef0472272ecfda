package io.parley.media.store.adapter.outbound;

import io.parley.media.store.adapter.transaction.MediaResourceManager;
import io.parley.media.store.adapter.transaction.MediaXAResource;
import io.parley.media.store.adapter.transaction.TransactionalMedia;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.IllegalStateException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/**
 * A pooled connection to the media volume, and the handles ({@link MediaConnectionImpl}) the
 * application holds on it. Tracks its handles: closing one tells the container's listeners
 * (CONNECTION_CLOSED), {@link #cleanup()} and {@link #destroy()} invalidate those still open, and
 * {@link #associateConnection} moves a handle here from another managed connection.
 *
 * <p>Transaction semantics: XA only, through {@link #getXAResource()}; while the container has it
 * working in a branch, the handles' writes and deletes are staged in that branch.
 */
public final class MediaManagedConnection implements ManagedConnection {

  private final MediaManagedConnectionFactory factory;
  private final MediaXAResource xaResource;
  private final TransactionalMedia media;
  private final Set<MediaConnectionImpl> handles = ConcurrentHashMap.newKeySet();
  private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
  private volatile PrintWriter logWriter;
  private volatile boolean destroyed;

  MediaManagedConnection(
      MediaManagedConnectionFactory factory, MediaResourceManager manager, long maxFileSize) {
    this.factory = factory;
    this.xaResource = new MediaXAResource(manager);
    this.media = new TransactionalMedia(manager, xaResource, maxFileSize);
  }

  MediaManagedConnectionFactory factory() {
    return factory;
  }

  TransactionalMedia media() {
    return media;
  }

  @Override
  public Object getConnection(Subject subject, ConnectionRequestInfo requestInfo)
      throws ResourceException {
    requireNotDestroyed();
    MediaConnectionImpl handle = new MediaConnectionImpl(this);
    handles.add(handle);
    return handle;
  }

  @Override
  public void associateConnection(Object connection) throws ResourceException {
    requireNotDestroyed();
    if (!(connection instanceof MediaConnectionImpl handle)) {
      throw new ResourceException("Not a media store connection: " + connection);
    }
    MediaManagedConnection previous = handle.moveTo(this);
    if (previous != null && previous != this) {
      previous.handles.remove(handle);
    }
    handles.add(handle);
  }

  /** Invalidates the handles still open; the connection itself can be used again. */
  @Override
  public void cleanup() {
    for (MediaConnectionImpl handle : handles) {
      handle.invalidate(this);
    }
    handles.clear();
  }

  @Override
  public void destroy() {
    destroyed = true;
    cleanup();
  }

  @Override
  public void addConnectionEventListener(ConnectionEventListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeConnectionEventListener(ConnectionEventListener listener) {
    listeners.remove(listener);
  }

  @Override
  public XAResource getXAResource() {
    return xaResource;
  }

  @Override
  public LocalTransaction getLocalTransaction() throws NotSupportedException {
    throw new NotSupportedException("The media store supports XA transactions only");
  }

  @Override
  public ManagedConnectionMetaData getMetaData() {
    return new MediaManagedConnectionMetaData();
  }

  @Override
  public void setLogWriter(PrintWriter logWriter) {
    this.logWriter = logWriter;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  /** Called by {@code handle} as it closes. */
  void closed(MediaConnectionImpl handle) {
    if (!handles.remove(handle)) {
      return;
    }
    ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
    event.setConnectionHandle(handle);
    for (ConnectionEventListener listener : listeners) {
      listener.connectionClosed(event);
    }
  }

  private void requireNotDestroyed() throws IllegalStateException {
    if (destroyed) {
      throw new IllegalStateException("The managed connection is destroyed");
    }
  }
}
