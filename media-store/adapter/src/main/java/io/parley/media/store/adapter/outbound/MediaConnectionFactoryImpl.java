package io.parley.media.store.adapter.outbound;

import io.parley.media.store.MediaConnection;
import io.parley.media.store.MediaConnectionFactory;
import io.parley.media.store.MediaStoreException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import javax.naming.Reference;

/**
 * The connection factory bound in JNDI: asks the container's connection manager for a connection,
 * which enlists it in the caller's transaction, if any.
 */
public final class MediaConnectionFactoryImpl implements MediaConnectionFactory {

  private static final long serialVersionUID = 1L;

  private final MediaManagedConnectionFactory factory;
  private final ConnectionManager connectionManager;
  private Reference reference;

  public MediaConnectionFactoryImpl(
      MediaManagedConnectionFactory factory, ConnectionManager connectionManager) {
    this.factory = factory;
    this.connectionManager = connectionManager;
  }

  @Override
  public MediaConnection getConnection() {
    try {
      return (MediaConnection) connectionManager.allocateConnection(factory, null);
    } catch (ResourceException e) {
      throw new MediaStoreException(
          MediaStoreException.Kind.UNAVAILABLE, "No media store connection available", e);
    }
  }

  @Override
  public void setReference(Reference reference) {
    this.reference = reference;
  }

  @Override
  public Reference getReference() {
    return reference;
  }
}
