package io.parley.media.store.adapter.transaction;

import io.parley.media.store.adapter.volume.Change;
import io.parley.media.store.adapter.volume.MediaVolume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The records of the volume's prepared (and decided one-phase) branches, one file per branch in
 * {@code txlog/}, named by {@link XidKey#fileName()}. A record is written to a temporary file in
 * the instance's staging directory, forced, and renamed into {@code txlog/}, and that directory is
 * forced: a record is there whole or not at all.
 */
final class TransactionLog {

  private static final Logger LOG = Logger.getLogger(TransactionLog.class);
  private static final String SUFFIX = ".log";

  private final MediaVolume volume;

  TransactionLog(MediaVolume volume) {
    this.volume = volume;
  }

  /** Writes {@code record} durably, replacing an earlier record of its branch. */
  void write(LogRecord record) throws IOException {
    String name = record.xid().fileName();
    Path temporary = volume.instance().resolve(name + ".tmp");
    try {
      Files.writeString(temporary, record.format(), StandardCharsets.UTF_8);
      volume.durability().forceFile(temporary);
      Files.move(temporary, file(record.xid()), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
    volume.durability().forceDirectory(volume.transactionLog());
  }

  /** The record of {@code xid}, if there is one. */
  Optional<LogRecord> read(XidKey xid) throws IOException {
    try {
      return Optional.of(parse(file(xid)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Every readable record; an unreadable one is logged and left for an operator. */
  List<LogRecord> readAll() throws IOException {
    List<Path> files;
    try (Stream<Path> entries = Files.list(volume.transactionLog())) {
      files = entries.filter(file -> file.getFileName().toString().endsWith(SUFFIX)).toList();
    }
    List<LogRecord> records = new ArrayList<>();
    for (Path file : files) {
      try {
        records.add(parse(file));
      } catch (NoSuchFileException e) {
        LOG.debugf("Record %s completed meanwhile", file);
      } catch (IOException | IllegalArgumentException e) {
        LOG.errorf(e, "Unreadable media store record %s; its branch stays in doubt", file);
      }
    }
    return records;
  }

  /** The staging files that {@code records} name, which garbage collection must keep. */
  static Set<String> stagingFiles(List<LogRecord> records) {
    Set<String> names = new HashSet<>();
    for (LogRecord record : records) {
      for (Change change : record.changes()) {
        if (change instanceof Change.Put put) {
          names.add(put.staging());
        }
      }
    }
    return names;
  }

  /**
   * Removes the record of {@code xid}. Not forced: a removal lost in a crash leaves a record whose
   * completion is done again, which does nothing more.
   */
  void remove(XidKey xid) {
    try {
      Files.deleteIfExists(file(xid));
    } catch (IOException e) {
      LOG.warnf(e, "Could not remove the record of %s; completing it again is harmless", xid);
    }
  }

  private Path file(XidKey xid) {
    return volume.transactionLog().resolve(xid.fileName() + SUFFIX);
  }

  private static LogRecord parse(Path file) throws IOException {
    return LogRecord.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }
}
