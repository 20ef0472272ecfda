package io.parley.media.store.adapter.testing;

import io.parley.media.store.MediaConnection;
import io.parley.media.store.adapter.MediaResourceAdapter;
import io.parley.media.store.adapter.outbound.MediaManagedConnection;
import io.parley.media.store.adapter.outbound.MediaManagedConnectionFactory;
import jakarta.resource.ResourceException;
import java.nio.file.Path;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * A started media store adapter over a directory, set up as a container would; {@link #crash()}
 * stops it the way a dying JVM does (nothing completed, the staging lock released).
 */
public final class TestAdapter implements AutoCloseable {

  private final MediaResourceAdapter adapter;
  private final MediaManagedConnectionFactory factory;

  private TestAdapter(MediaResourceAdapter adapter, MediaManagedConnectionFactory factory) {
    this.adapter = adapter;
    this.factory = factory;
  }

  public static TestAdapter start(Path directory) throws ResourceException {
    return start(directory, MediaResourceAdapter.DEFAULT_MAX_FILE_SIZE);
  }

  public static TestAdapter start(Path directory, long maxFileSize) throws ResourceException {
    MediaResourceAdapter adapter = new MediaResourceAdapter();
    adapter.setDirectory(directory.toString());
    adapter.setMaxFileSize(maxFileSize);
    adapter.start(null);
    MediaManagedConnectionFactory factory = new MediaManagedConnectionFactory();
    factory.setResourceAdapter(adapter);
    return new TestAdapter(adapter, factory);
  }

  public MediaResourceAdapter adapter() {
    return adapter;
  }

  public MediaManagedConnectionFactory factory() {
    return factory;
  }

  /** A new managed connection with one handle, as the pool would hand out. */
  public Session session() throws ResourceException {
    MediaManagedConnection managed =
        (MediaManagedConnection) factory.createManagedConnection(null, null);
    MediaConnection connection = (MediaConnection) managed.getConnection(null, null);
    return new Session(managed, connection, managed.getXAResource());
  }

  /** The XAResource the transaction manager's recovery would get. */
  public XAResource recoveryResource() throws ResourceException {
    return factory.createManagedConnection(null, null).getXAResource();
  }

  public void crash() {
    adapter.stop();
  }

  @Override
  public void close() {
    adapter.stop();
  }

  /** A managed connection, its handle and its XAResource. */
  public record Session(MediaManagedConnection managed, MediaConnection connection, XAResource xa) {

    /** Works in branch {@code xid}: start, {@code work}, end with success. */
    public void inBranch(Xid xid, Work work) throws Exception {
      xa.start(xid, XAResource.TMNOFLAGS);
      work.on(connection);
      xa.end(xid, XAResource.TMSUCCESS);
    }

    /** Works in branch {@code xid}, then prepares and commits it. */
    public void committed(Xid xid, Work work) throws Exception {
      inBranch(xid, work);
      xa.prepare(xid);
      xa.commit(xid, false);
    }

    /** Works in branch {@code xid}, then prepares it. */
    public void prepared(Xid xid, Work work) throws Exception {
      inBranch(xid, work);
      if (xa.prepare(xid) != XAResource.XA_OK) {
        throw new XAException("Expected a vote to commit");
      }
    }
  }

  /** What a test does with a connection. */
  @FunctionalInterface
  public interface Work {
    void on(MediaConnection connection) throws Exception;
  }
}
