package io.parley.media.store.adapter.outbound;

import static io.parley.media.store.adapter.testing.VolumeFiles.content;
import static io.parley.media.store.adapter.testing.VolumeFiles.media;
import static io.parley.media.store.adapter.testing.VolumeFiles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.media.store.MediaConnection;
import io.parley.media.store.MediaConnectionFactory;
import io.parley.media.store.MediaStoreException;
import io.parley.media.store.adapter.MediaResourceAdapter;
import io.parley.media.store.adapter.testing.TestAdapter;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ResourceAdapter;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection definition: its configuration, matching, and the connection factories. */
class ManagedConnectionFactoryTest {

  @TempDir Path directory;
  private TestAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    adapter = TestAdapter.start(directory);
  }

  @AfterEach
  void stop() {
    adapter.close();
  }

  @Test
  void matchPicksAConnectionOfTheFactory() throws Exception {
    ManagedConnection connection = adapter.factory().createManagedConnection(null, null);

    assertSame(
        connection, adapter.factory().matchManagedConnections(Set.of(connection), null, null));
  }

  @Test
  void matchIgnoresConnectionsOfAFactoryConfiguredOtherwise(@TempDir Path elsewhere)
      throws Exception {
    MediaManagedConnectionFactory other = factory(elsewhere.toString(), null);
    ManagedConnection foreign = other.createManagedConnection(null, null);

    assertNull(adapter.factory().matchManagedConnections(Set.of(foreign), null, null));
  }

  @Test
  void factoriesConfiguredAlikeAreEqual() throws Exception {
    MediaManagedConnectionFactory one = factory("/media", 10L);
    MediaManagedConnectionFactory two = factory("/media", 10L);

    assertEquals(one, two);
    assertEquals(one.hashCode(), two.hashCode());
  }

  @Test
  void factoriesConfiguredDifferentlyAreNotEqual() throws Exception {
    assertNotEquals(factory("/media", 10L), factory("/media", 11L));
    assertNotEquals(factory("/media", 10L), factory("/other", 10L));
  }

  @Test
  void connectionDefinitionDirectoryOverridesTheAdapters(@TempDir Path elsewhere) throws Exception {
    // given
    MediaManagedConnectionFactory factory = factory(elsewhere.toString(), null);

    // when
    MediaConnection connection = connect(factory);
    connection.write("a.jpg", content("a"));

    // then
    assertEquals("a", read(media(elsewhere, "a.jpg")));
    assertFalse(Files.exists(media(directory, "a.jpg")));
  }

  @Test
  void connectionDefinitionMaximumSizeOverridesTheAdapters() throws Exception {
    // given
    MediaConnection connection = connect(factory(null, 3L));

    // when
    MediaStoreException refused =
        assertThrows(MediaStoreException.class, () -> connection.write("a.txt", content("four")));

    // then
    assertEquals(MediaStoreException.Kind.TOO_LARGE, refused.kind());
  }

  @Test
  void connectionWithoutAnyDirectoryIsRefused() throws Exception {
    MediaResourceAdapter withoutDirectory = new MediaResourceAdapter();
    MediaManagedConnectionFactory factory = new MediaManagedConnectionFactory();
    factory.setResourceAdapter(withoutDirectory);

    assertThrows(ResourceException.class, () -> factory.createManagedConnection(null, null));
  }

  @Test
  void connectionWithoutTheResourceAdapterIsRefused() {
    MediaManagedConnectionFactory factory = new MediaManagedConnectionFactory();
    factory.setDirectory(directory.toString());

    assertThrows(ResourceException.class, () -> factory.createManagedConnection(null, null));
  }

  @Test
  void anotherResourceAdapterIsRefused() {
    ResourceAdapter foreign =
        (ResourceAdapter)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ResourceAdapter.class},
                (proxy, method, args) -> null);

    assertThrows(
        ResourceException.class,
        () -> new MediaManagedConnectionFactory().setResourceAdapter(foreign));
  }

  @Test
  void connectionFactoryAllocatesThroughTheContainersConnectionManager() throws Exception {
    // given
    List<Object> allocatedFor = new ArrayList<>();
    ConnectionManager container =
        (factory, requestInfo) -> {
          allocatedFor.add(factory);
          return factory
              .createManagedConnection(null, requestInfo)
              .getConnection(null, requestInfo);
        };
    MediaConnectionFactory connections =
        (MediaConnectionFactory) adapter.factory().createConnectionFactory(container);

    // when
    MediaConnection connection = connections.getConnection();

    // then
    assertEquals(List.of(adapter.factory()), allocatedFor);
    assertTrue(connection instanceof MediaConnectionImpl);
  }

  @Test
  void connectionFactoryReportsAFailedAllocationAsUnavailable() {
    ConnectionManager exhausted =
        (factory, requestInfo) -> {
          throw new ResourceException("pool exhausted");
        };
    MediaConnectionFactory connections =
        (MediaConnectionFactory) adapter.factory().createConnectionFactory(exhausted);

    MediaStoreException refused =
        assertThrows(MediaStoreException.class, connections::getConnection);

    assertEquals(MediaStoreException.Kind.UNAVAILABLE, refused.kind());
  }

  @Test
  void connectionFactoryOutsideAContainerStoresAtOnce() throws Exception {
    // given
    MediaConnectionFactory connections =
        (MediaConnectionFactory) adapter.factory().createConnectionFactory();

    // when
    try (MediaConnection connection = connections.getConnection()) {
      connection.write("a.jpg", content("a"));
    }

    // then
    assertEquals("a", read(media(directory, "a.jpg")));
  }

  private MediaManagedConnectionFactory factory(String directory, Long maxFileSize)
      throws ResourceException {
    MediaManagedConnectionFactory factory = new MediaManagedConnectionFactory();
    factory.setDirectory(directory);
    factory.setMaxFileSize(maxFileSize);
    factory.setResourceAdapter(adapter.adapter());
    return factory;
  }

  private static MediaConnection connect(MediaManagedConnectionFactory factory)
      throws ResourceException {
    return (MediaConnection) factory.createManagedConnection(null, null).getConnection(null, null);
  }
}
