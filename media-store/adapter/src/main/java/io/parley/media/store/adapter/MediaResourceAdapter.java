package io.parley.media.store.adapter;

import io.parley.media.store.adapter.transaction.MediaResourceManager;
import io.parley.media.store.adapter.volume.Durability;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.transaction.xa.XAResource;
import org.jboss.logging.Logger;

/**
 * The media store resource adapter: holds one {@link MediaResourceManager} per media directory, for
 * every connection definition over it. Config properties: {@code directory}, the media volume, and
 * {@code maxFileSize}, the largest content in bytes; a connection definition may override either.
 *
 * <p>Starting opens the configured directory, which completes one-phase commits a crash interrupted
 * and removes staging files nothing will commit; prepared branches wait for the transaction
 * manager's recovery, which reaches them through the connection definition. Stopping closes the
 * directories as a crash would: prepared branches stay in doubt, unprepared ones are lost.
 */
public class MediaResourceAdapter implements ResourceAdapter {

  /** The default maximum size of one media file: 256 MiB. */
  public static final long DEFAULT_MAX_FILE_SIZE = 256L * 1024 * 1024;

  private static final Logger LOG = Logger.getLogger(MediaResourceAdapter.class);

  private final Map<Path, MediaResourceManager> managers = new HashMap<>();
  private String directory;
  private Long maxFileSize = DEFAULT_MAX_FILE_SIZE;

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
  public void start(BootstrapContext context) throws ResourceAdapterInternalException {
    if (directory == null || directory.isBlank()) {
      LOG.info("Media store started without a directory; each connection definition names one");
      return;
    }
    try {
      resourceManager(directory);
    } catch (ResourceException e) {
      throw new ResourceAdapterInternalException("Could not open the media directory", e);
    }
    LOG.infof("Media store started on %s (at most %d bytes per file)", directory, maxFileSize);
  }

  @Override
  public synchronized void stop() {
    for (Map.Entry<Path, MediaResourceManager> open : managers.entrySet()) {
      try {
        open.getValue().close();
      } catch (IOException e) {
        LOG.warnf(e, "Could not close the media directory %s", open.getKey());
      }
    }
    managers.clear();
  }

  /**
   * The resource manager of {@code directory}, opened on first use.
   *
   * @throws ResourceException when the directory cannot be created or opened
   */
  public synchronized MediaResourceManager resourceManager(String directory)
      throws ResourceException {
    Path path;
    try {
      path = Files.createDirectories(Path.of(directory)).toRealPath();
    } catch (IOException | InvalidPathException e) {
      throw new ResourceException("Could not create the media directory " + directory, e);
    }
    MediaResourceManager manager = managers.get(path);
    if (manager == null) {
      try {
        manager = MediaResourceManager.open(path, Durability.fsync());
      } catch (IOException e) {
        throw new ResourceException("Could not open the media directory " + path, e);
      }
      managers.put(path, manager);
    }
    return manager;
  }

  @Override
  public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
      throws NotSupportedException {
    throw new NotSupportedException("The media store has no inbound side");
  }

  @Override
  public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {}

  /** None: there is no inbound side; outbound recovery goes through the connection definitions. */
  @Override
  public XAResource[] getXAResources(ActivationSpec[] specs) {
    return new XAResource[0];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MediaResourceAdapter adapter
        && Objects.equals(directory, adapter.directory)
        && Objects.equals(maxFileSize, adapter.maxFileSize);
  }

  @Override
  public int hashCode() {
    return Objects.hash(directory, maxFileSize);
  }
}
