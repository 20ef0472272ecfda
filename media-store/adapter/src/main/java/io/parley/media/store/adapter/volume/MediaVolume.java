package io.parley.media.store.adapter.volume;

import io.parley.media.store.MediaIds;
import io.parley.media.store.MediaStoreException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The media directory on disk, and the file steps that transactions are made of.
 *
 * <p>Layout: committed content in {@code media/<id>}; content being written in {@code
 * staging/<instance>/<uuid>.part}; prepare records in {@code txlog/}. Each open volume is one
 * <em>instance</em> with its own staging directory, held by a lock on {@code owner.lock} in it for
 * as long as the volume is open; the lock is what tells a live instance's staging files (on this
 * node or on another sharing the directory) from the garbage a crashed one left. Staging and media
 * are on one file system, so moving content into place is an atomic rename.
 *
 * <p>Not transactional by itself: {@code MediaResourceManager} builds transactions from {@link
 * #write}, {@link #flush}, {@link #apply} and {@link #discard}.
 */
public final class MediaVolume implements Closeable {

  private static final Logger LOG = Logger.getLogger(MediaVolume.class);

  private static final String LOCK = "owner.lock";
  private static final String PART = ".part";
  private static final Pattern STAGING_NAME =
      Pattern.compile("[0-9a-f-]{36}/[0-9a-f-]{36}\\" + PART);
  private static final int BUFFER = 64 * 1024;

  /**
   * Instance directories of the volumes open in this class loader. Probing their locks would be
   * wrong: closing the probing channel drops the process's lock on the file on POSIX systems.
   */
  private static final Set<Path> OPEN_INSTANCES = ConcurrentHashMap.newKeySet();

  private final Path media;
  private final Path staging;
  private final Path transactionLog;
  private final Path instance;
  private final Durability durability;
  private final FileChannel lockChannel;
  private final FileLock lock;

  /** Staging files of this instance that a write or a transaction branch still holds. */
  private final Set<String> live = ConcurrentHashMap.newKeySet();

  private MediaVolume(
      Path root, Path instance, Durability durability, FileChannel lockChannel, FileLock lock) {
    this.media = root.resolve("media");
    this.staging = root.resolve("staging");
    this.transactionLog = root.resolve("txlog");
    this.instance = instance;
    this.durability = durability;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens the volume in {@code directory}, creating its layout if needed, as a new instance. */
  public static MediaVolume open(Path directory, Durability durability) throws IOException {
    Path root = Files.createDirectories(directory).toRealPath();
    Files.createDirectories(root.resolve("media"));
    Files.createDirectories(root.resolve("txlog"));
    Path instance =
        Files.createDirectories(root.resolve("staging")).resolve(UUID.randomUUID().toString());
    Files.createDirectory(instance);
    FileChannel channel =
        FileChannel.open(
            instance.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException("Could not lock the new staging directory " + instance);
      }
      OPEN_INSTANCES.add(instance);
      return new MediaVolume(root, instance, durability, channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public Durability durability() {
    return durability;
  }

  /** The directory of the prepare records. */
  public Path transactionLog() {
    return transactionLog;
  }

  /** This instance's staging directory, also the place for files that are renamed into place. */
  public Path instance() {
    return instance;
  }

  /** The file holding the committed content of {@code id}. */
  public Path mediaFile(String id) {
    return media.resolve(MediaIds.requireValid(id));
  }

  /**
   * The staging file called {@code name} (as {@link Change.Put#staging()} has it).
   *
   * @throws IllegalArgumentException for a name this volume cannot have given, which a tampered
   *     record could otherwise use to move any file
   */
  public Path stagingFile(String name) {
    if (!STAGING_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Not a staging file name: " + name);
    }
    return staging.resolve(name);
  }

  /**
   * Streams {@code content} into a new staging file of this instance, through a fixed buffer.
   * Nothing is left behind when it fails.
   *
   * @return the staging file, held until {@link #apply} or {@link #discard} releases it
   * @throws MediaStoreException of kind TOO_LARGE when the content exceeds {@code maxSize} bytes
   */
  public Staged write(InputStream content, long maxSize) throws IOException {
    String name = instance.getFileName() + "/" + UUID.randomUUID() + PART;
    // Held before the file exists, so that a concurrent garbage collection never sees it unheld.
    live.add(name);
    Path file = staging.resolve(name);
    long size = 0;
    boolean written = false;
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
      byte[] buffer = new byte[BUFFER];
      for (int n = content.read(buffer); n != -1; n = content.read(buffer)) {
        size += n;
        if (size > maxSize) {
          throw new MediaStoreException(
              MediaStoreException.Kind.TOO_LARGE,
              "Content exceeds the maximum size of " + maxSize + " bytes");
        }
        out.write(buffer, 0, n);
      }
      written = true;
    } finally {
      if (!written) {
        discard(name);
      }
    }
    return new Staged(name, size);
  }

  /**
   * A staging file written by {@link #write}.
   *
   * @param name the name to use in a {@link Change.Put}
   * @param size its size in bytes
   */
  public record Staged(String name, long size) {}

  /** Forces the staged content of {@code changes}, and their directory entries, to the disk. */
  public void flush(Collection<? extends Change> changes) throws IOException {
    Set<Path> directories = new LinkedHashSet<>();
    for (Change change : changes) {
      if (change instanceof Change.Put put) {
        Path file = stagingFile(put.staging());
        durability.forceFile(file);
        directories.add(file.getParent());
      }
    }
    for (Path directory : directories) {
      durability.forceDirectory(directory);
    }
  }

  /**
   * Moves each put into place atomically and deletes each delete, then forces the media directory.
   * Idempotent, so that a commit interrupted by a crash can be done again: a put whose staging file
   * is gone was moved into place by the earlier attempt.
   */
  public void apply(Collection<? extends Change> changes) throws IOException {
    for (Change change : changes) {
      if (change instanceof Change.Put put) {
        Path from = stagingFile(put.staging());
        try {
          Files.move(from, mediaFile(put.id()), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
          if (Files.exists(from)) {
            throw e;
          }
          LOG.debugf("Staging file %s of %s already moved into place", put.staging(), put.id());
        }
        live.remove(put.staging());
      } else {
        Files.deleteIfExists(mediaFile(change.id()));
      }
    }
    durability.forceDirectory(media);
  }

  /** Deletes the staging files of {@code changes}; a file that cannot be deleted is garbage. */
  public void discard(Collection<? extends Change> changes) {
    for (Change change : changes) {
      if (change instanceof Change.Put put) {
        discard(put.staging());
      }
    }
  }

  /** Deletes the staging file called {@code name}; a file that cannot be deleted is garbage. */
  public void discard(String name) {
    try {
      Files.deleteIfExists(stagingFile(name));
    } catch (IOException e) {
      LOG.warnf(e, "Could not delete the staging file %s; garbage collection will", name);
    } finally {
      live.remove(name);
    }
  }

  /** The ids of the committed content, in ascending order. */
  public List<String> ids() throws IOException {
    try (Stream<Path> files = Files.list(media)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(MediaIds::isValid)
          .sorted()
          .toList();
    }
  }

  /**
   * Deletes staging files that nothing will commit: this instance's files that no write or branch
   * holds, and the files of instances that are gone (their lock is free), except the files that
   * {@code referenced} (the staging names in prepare records) names. Removes a gone instance's
   * directory once it is empty.
   */
  public void removeGarbage(Set<String> referenced) throws IOException {
    List<Path> instances;
    try (Stream<Path> entries = Files.list(staging)) {
      instances = entries.filter(Files::isDirectory).toList();
    }
    for (Path directory : instances) {
      if (directory.equals(instance)) {
        removeUnreferenced(directory, referenced, true);
      } else if (!OPEN_INSTANCES.contains(directory)) {
        removeIfAbandoned(directory, referenced);
      }
    }
  }

  private void removeIfAbandoned(Path directory, Set<String> referenced) throws IOException {
    Path lockFile = directory.resolve(LOCK);
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock probe = channel.tryLock();
      if (probe == null) {
        return; // alive in another process
      }
      try {
        removeUnreferenced(directory, referenced, false);
      } finally {
        probe.release();
      }
    } catch (OverlappingFileLockException e) {
      return; // alive in this JVM, under another class loader
    } catch (NoSuchFileException e) {
      return; // removed meanwhile by another node's garbage collection
    }
    removeIfOnlyLockLeft(directory);
  }

  private void removeUnreferenced(Path directory, Set<String> referenced, boolean own)
      throws IOException {
    List<Path> files;
    try (Stream<Path> entries = Files.list(directory)) {
      files = entries.toList();
    }
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      String name = directory.getFileName() + "/" + fileName;
      boolean held = own && (live.contains(name) || !fileName.endsWith(PART));
      if (!fileName.equals(LOCK) && !held && !referenced.contains(name)) {
        LOG.debugf("Removing the abandoned staging file %s", name);
        Files.deleteIfExists(file);
      }
    }
  }

  private static void removeIfOnlyLockLeft(Path directory) throws IOException {
    List<Path> left;
    try (Stream<Path> entries = Files.list(directory)) {
      left = entries.limit(2).toList();
    }
    if (left.size() == 1 && left.get(0).getFileName().toString().equals(LOCK)) {
      Files.deleteIfExists(left.get(0));
      try {
        Files.deleteIfExists(directory);
      } catch (DirectoryNotEmptyException e) {
        LOG.debugf("Staging directory %s in use again", directory);
      }
    }
  }

  /**
   * Closes this instance: releases its lock, so that its staging files become garbage unless a
   * record names them, and removes its directory if nothing is left in it.
   */
  @Override
  public void close() throws IOException {
    if (!lockChannel.isOpen()) {
      return;
    }
    try {
      lock.release();
      lockChannel.close();
    } finally {
      OPEN_INSTANCES.remove(instance);
    }
    removeIfOnlyLockLeft(instance);
  }
}
