package io.parley.media.store.adapter.outbound;

import io.parley.media.store.adapter.MediaResourceAdapter;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * The connection definition of the media store: creates the managed connections of one media
 * directory. Config properties {@code directory} and {@code maxFileSize} override the resource
 * adapter's; left unset, the adapter's apply. Connections carry no credentials: every managed
 * connection of a factory is like every other.
 */
public class MediaManagedConnectionFactory
    implements ManagedConnectionFactory, ResourceAdapterAssociation {

  private static final long serialVersionUID = 1L;

  private String directory;
  private Long maxFileSize;
  private transient MediaResourceAdapter resourceAdapter;
  private transient PrintWriter logWriter;

  public String getDirectory() {
    return directory;
  }

  public void setDirectory(String directory) {
    this.directory = directory;
  }

  public Long getMaxFileSize() {
    return maxFileSize;
  }

  public void setMaxFileSize(Long maxFileSize) {
    this.maxFileSize = maxFileSize;
  }

  @Override
  public Object createConnectionFactory(ConnectionManager connectionManager) {
    return new MediaConnectionFactoryImpl(this, connectionManager);
  }

  /** A factory for use outside a container: no pool, no transactions. */
  @Override
  public Object createConnectionFactory() {
    return new MediaConnectionFactoryImpl(this, new UnmanagedConnectionManager());
  }

  @Override
  public ManagedConnection createManagedConnection(
      Subject subject, ConnectionRequestInfo requestInfo) throws ResourceException {
    MediaResourceAdapter adapter = resourceAdapterOrFail();
    String effectiveDirectory = directory != null ? directory : adapter.getDirectory();
    if (effectiveDirectory == null || effectiveDirectory.isBlank()) {
      throw new ResourceException("No media directory configured");
    }
    Long effectiveMaxFileSize = maxFileSize != null ? maxFileSize : adapter.getMaxFileSize();
    if (effectiveMaxFileSize == null || effectiveMaxFileSize < 0) {
      throw new ResourceException("No valid maximum file size: " + effectiveMaxFileSize);
    }
    return new MediaManagedConnection(
        this, adapter.resourceManager(effectiveDirectory), effectiveMaxFileSize);
  }

  /** Any connection of this factory will do. */
  @Override
  @SuppressWarnings("rawtypes")
  public ManagedConnection matchManagedConnections(
      Set connections, Subject subject, ConnectionRequestInfo requestInfo) {
    for (Object candidate : connections) {
      if (candidate instanceof MediaManagedConnection connection && equals(connection.factory())) {
        return connection;
      }
    }
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter logWriter) {
    this.logWriter = logWriter;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public ResourceAdapter getResourceAdapter() {
    return resourceAdapter;
  }

  @Override
  public void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
    if (!(adapter instanceof MediaResourceAdapter media)) {
      throw new ResourceException("Not the media store resource adapter: " + adapter);
    }
    this.resourceAdapter = media;
  }

  private MediaResourceAdapter resourceAdapterOrFail() throws ResourceException {
    if (resourceAdapter == null) {
      throw new ResourceException("Not associated with the media store resource adapter");
    }
    return resourceAdapter;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MediaManagedConnectionFactory factory
        && Objects.equals(directory, factory.directory)
        && Objects.equals(maxFileSize, factory.maxFileSize);
  }

  @Override
  public int hashCode() {
    return Objects.hash(directory, maxFileSize);
  }
}
