package io.parley.media.store.adapter.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * The connection manager outside a container: a new managed connection per connection, destroyed
 * when its handle closes. No pool and no transaction, so every operation applies at once.
 */
final class UnmanagedConnectionManager implements ConnectionManager {

  private static final long serialVersionUID = 1L;

  @Override
  public Object allocateConnection(
      ManagedConnectionFactory factory, ConnectionRequestInfo requestInfo)
      throws ResourceException {
    ManagedConnection connection = factory.createManagedConnection(null, requestInfo);
    connection.addConnectionEventListener(new DestroyOnClose());
    return connection.getConnection(null, requestInfo);
  }

  private static final class DestroyOnClose implements ConnectionEventListener {

    @Override
    public void connectionClosed(ConnectionEvent event) {
      try {
        ((ManagedConnection) event.getSource()).destroy();
      } catch (ResourceException e) {
        throw new IllegalStateException("Could not destroy a media store connection", e);
      }
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {}

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {}

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {}

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {}
  }
}
