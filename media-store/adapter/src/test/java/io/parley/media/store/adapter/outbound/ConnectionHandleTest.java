package io.parley.media.store.adapter.outbound;

import static io.parley.media.store.adapter.testing.VolumeFiles.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.media.store.MediaConnection;
import io.parley.media.store.MediaStoreException;
import io.parley.media.store.adapter.testing.TestAdapter;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection handles a managed connection hands out, and what the container learns of them. */
class ConnectionHandleTest {

  @TempDir Path directory;
  private TestAdapter adapter;
  private MediaManagedConnection managed;
  private final Events events = new Events();

  @BeforeEach
  void start() throws Exception {
    adapter = TestAdapter.start(directory);
    managed = adapter.session().managed();
    managed.addConnectionEventListener(events);
  }

  @AfterEach
  void stop() {
    adapter.close();
  }

  @Test
  void closingAHandleTellsTheListenersWhichHandleClosed() throws Exception {
    // given
    MediaConnection handle = handle();

    // when
    handle.close();

    // then
    assertEquals(1, events.closed.size());
    ConnectionEvent event = events.closed.get(0);
    assertEquals(ConnectionEvent.CONNECTION_CLOSED, event.getId());
    assertSame(handle, event.getConnectionHandle());
    assertSame(managed, event.getSource());
  }

  @Test
  void closingAHandleTwiceTellsTheListenersOnce() throws Exception {
    // given
    MediaConnection handle = handle();
    handle.close();

    // when
    handle.close();

    // then
    assertEquals(1, events.closed.size());
  }

  @Test
  void closedHandleRefusesUse() throws Exception {
    // given
    MediaConnection handle = handle();

    // when
    handle.close();

    // then
    assertIllegalState(handle);
  }

  @Test
  void closingOneHandleLeavesTheOthersOpen() throws Exception {
    // given
    MediaConnection first = handle();
    MediaConnection second = handle();

    // when
    first.close();

    // then
    second.write("a.jpg", content("a"));
    assertTrue(second.exists("a.jpg"));
  }

  @Test
  void cleanupInvalidatesTheOpenHandles() throws Exception {
    // given
    MediaConnection handle = handle();

    // when
    managed.cleanup();

    // then
    assertIllegalState(handle);
  }

  @Test
  void cleanupTellsTheListenersNothing() throws Exception {
    // given
    handle();

    // when
    managed.cleanup();

    // then
    assertEquals(List.of(), events.closed);
  }

  @Test
  void connectionCleanedUpGivesNewHandles() throws Exception {
    // given
    managed.cleanup();

    // when
    MediaConnection handle = handle();

    // then
    handle.write("a.jpg", content("a"));
    assertTrue(handle.exists("a.jpg"));
  }

  @Test
  void destroyInvalidatesTheOpenHandles() throws Exception {
    // given
    MediaConnection handle = handle();

    // when
    managed.destroy();

    // then
    assertIllegalState(handle);
  }

  @Test
  void destroyedConnectionGivesNoHandle() throws Exception {
    // given
    managed.destroy();

    // when, then
    assertThrows(jakarta.resource.spi.IllegalStateException.class, this::handle);
  }

  @Test
  void associatedHandleClosesOnItsNewConnection() throws Exception {
    // given
    MediaConnection handle = handle();
    MediaManagedConnection target = adapter.session().managed();
    Events targetEvents = new Events();
    target.addConnectionEventListener(targetEvents);
    target.associateConnection(handle);

    // when
    handle.close();

    // then
    assertEquals(List.of(), events.closed);
    assertEquals(1, targetEvents.closed.size());
  }

  @Test
  void associatedHandleSurvivesItsFormerConnectionsCleanup() throws Exception {
    // given
    MediaConnection handle = handle();
    adapter.session().managed().associateConnection(handle);

    // when
    managed.cleanup();

    // then
    handle.write("a.jpg", content("a"));
    assertTrue(handle.exists("a.jpg"));
  }

  @Test
  void associatingAForeignObjectIsRefused() {
    assertThrows(ResourceException.class, () -> managed.associateConnection("not a handle"));
  }

  @Test
  void associatingAClosedHandleIsRefused() throws Exception {
    // given
    MediaConnection handle = handle();
    handle.close();

    // when, then
    assertThrows(ResourceException.class, () -> managed.associateConnection(handle));
  }

  @Test
  void removedListenerHearsNothing() throws Exception {
    // given
    MediaConnection handle = handle();
    managed.removeConnectionEventListener(events);

    // when
    handle.close();

    // then
    assertEquals(List.of(), events.closed);
  }

  @Test
  void localTransactionsAreNotSupported() {
    assertThrows(NotSupportedException.class, managed::getLocalTransaction);
  }

  @Test
  void metaDataNamesTheProduct() throws Exception {
    assertEquals("Parley media store", managed.getMetaData().getEISProductName());
  }

  private MediaConnection handle() throws ResourceException {
    return (MediaConnection) managed.getConnection(null, null);
  }

  private static void assertIllegalState(MediaConnection handle) {
    MediaStoreException refused =
        assertThrows(MediaStoreException.class, () -> handle.exists("a.jpg"));
    assertEquals(MediaStoreException.Kind.ILLEGAL_STATE, refused.kind());
  }

  /** Records the connection events a container would receive. */
  private static final class Events implements ConnectionEventListener {

    final List<ConnectionEvent> closed = new ArrayList<>();

    @Override
    public void connectionClosed(ConnectionEvent event) {
      closed.add(event);
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
