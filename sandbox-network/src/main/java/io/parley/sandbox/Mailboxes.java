package io.parley.sandbox;

import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.WireFormatException;
import io.parley.sandbox.store.Journal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Store and forward: one mailbox per device endpoint ({@code account/device}) holding the frames
 * addressed to it until the device acknowledges them. A frame is written to the journal before it
 * is handed to the device's link; on every (re)attach all unacknowledged frames are sent again, in
 * order. Frame ids grow per mailbox and are never reused, even across restarts (they start from the
 * clock).
 */
final class Mailboxes {

  private static final Logger LOG = Logger.getLogger(Mailboxes.class.getName());
  private static final String PREFIX = "mb/";

  /** Where a mailbox's frames go while its device is connected. Must not block. */
  interface Link {
    void deliver(Frame frame);
  }

  /** A frame waiting in a mailbox. */
  static final class Entry {
    final long seq;
    final Payload payload;
    final long expiresAt;
    volatile boolean durable;

    Entry(long seq, Payload payload, long expiresAt) {
      this.seq = seq;
      this.payload = payload;
      this.expiresAt = expiresAt;
    }
  }

  /** A frame taken out of its mailbox because its time to live ran out. */
  record Expired(String endpoint, Payload payload) {}

  private static final class Box {
    final TreeMap<Long, Entry> pending = new TreeMap<>();
    Link link;
    long lastSeq;
  }

  private final Journal journal;
  private final Map<String, Box> boxes = new ConcurrentHashMap<>();

  Mailboxes(Journal journal) {
    this.journal = journal;
    for (Map.Entry<String, byte[]> stored : journal.prefixed(PREFIX).entrySet()) {
      String key = stored.getKey();
      int slash = key.lastIndexOf('/');
      String endpoint = key.substring(PREFIX.length(), slash);
      ByteBuffer value = ByteBuffer.wrap(stored.getValue());
      long expiresAt = value.getLong();
      try {
        Frame frame = Frame.decode(Arrays.copyOfRange(stored.getValue(), 8, value.limit()));
        Entry entry = new Entry(frame.id(), frame.payload(), expiresAt);
        entry.durable = true;
        Box box = box(endpoint);
        box.pending.put(entry.seq, entry);
        box.lastSeq = Math.max(box.lastSeq, entry.seq);
      } catch (WireFormatException e) {
        LOG.warning("dropping unreadable stored frame " + key + ": " + e.getMessage());
        journal.delete(key);
      }
    }
  }

  /** The endpoint name of an account's device. */
  static String endpoint(String account, int device) {
    return account + "/" + device;
  }

  private Box box(String endpoint) {
    return boxes.computeIfAbsent(endpoint, name -> new Box());
  }

  /**
   * Stores {@code payload} for {@code endpoint}; the future completes with the frame id once it is
   * on disk, and the frame then goes to the endpoint's link if one is attached.
   *
   * @param expiresAt epoch millis after which it is dropped as expired, or 0 for never
   */
  CompletableFuture<Long> deposit(String endpoint, Payload payload, long expiresAt) {
    Box box = box(endpoint);
    Entry entry;
    CompletableFuture<Void> written;
    synchronized (box) {
      long seq = Math.max(box.lastSeq + 1, System.currentTimeMillis() * 1000);
      box.lastSeq = seq;
      entry = new Entry(seq, payload, expiresAt);
      box.pending.put(seq, entry);
      byte[] frame = new Frame(seq, payload).encode();
      byte[] value = ByteBuffer.allocate(8 + frame.length).putLong(expiresAt).put(frame).array();
      written = journal.put(key(endpoint, seq), value);
    }
    return written.thenApply(
        done -> {
          synchronized (box) {
            entry.durable = true;
            if (box.link != null && box.pending.containsKey(entry.seq)) {
              box.link.deliver(new Frame(entry.seq, entry.payload));
            }
          }
          return entry.seq;
        });
  }

  /**
   * Removes the frame {@code seq} that {@code endpoint}'s device acknowledged; its payload, or
   * {@code null} if there was no such frame.
   */
  Payload acknowledge(String endpoint, long seq) {
    Box box = boxes.get(endpoint);
    if (box == null) {
      return null;
    }
    Entry removed;
    synchronized (box) {
      removed = box.pending.remove(seq);
    }
    if (removed == null) {
      return null;
    }
    journal.delete(key(endpoint, seq));
    return removed.payload;
  }

  /** Connects {@code link} to {@code endpoint} and sends it every waiting frame, in order. */
  void attach(String endpoint, Link link) {
    Box box = box(endpoint);
    synchronized (box) {
      box.link = link;
      for (Entry entry : box.pending.values()) {
        if (entry.durable) {
          link.deliver(new Frame(entry.seq, entry.payload));
        }
      }
    }
  }

  /** Disconnects {@code link} from {@code endpoint}, if it is still the attached one. */
  void detach(String endpoint, Link link) {
    Box box = boxes.get(endpoint);
    if (box != null) {
      synchronized (box) {
        if (box.link == link) {
          box.link = null;
        }
      }
    }
  }

  /** Whether a link is attached to {@code endpoint}. */
  boolean attached(String endpoint) {
    Box box = boxes.get(endpoint);
    if (box == null) {
      return false;
    }
    synchronized (box) {
      return box.link != null;
    }
  }

  /** Takes out every frame whose time to live ran out by {@code now}. */
  List<Expired> expire(long now) {
    List<Expired> expired = new ArrayList<>();
    for (Map.Entry<String, Box> named : boxes.entrySet()) {
      Box box = named.getValue();
      List<Entry> gone = new ArrayList<>();
      synchronized (box) {
        box.pending
            .values()
            .removeIf(
                entry -> {
                  boolean over = entry.expiresAt > 0 && entry.expiresAt <= now && entry.durable;
                  if (over) {
                    gone.add(entry);
                  }
                  return over;
                });
      }
      for (Entry entry : gone) {
        journal.delete(key(named.getKey(), entry.seq));
        expired.add(new Expired(named.getKey(), entry.payload));
      }
    }
    return expired;
  }

  /**
   * Moves every waiting frame of {@code from} to {@code to} (a number change); the frames keep
   * their order but get new ids.
   */
  void move(String from, String to) {
    Box box = boxes.remove(from);
    if (box == null) {
      return;
    }
    List<Entry> waiting;
    synchronized (box) {
      waiting = new ArrayList<>(box.pending.values());
      box.pending.clear();
    }
    for (Entry entry : waiting) {
      journal.delete(key(from, entry.seq));
      deposit(to, entry.payload, entry.expiresAt);
    }
  }

  /**
   * Moves each waiting frame of {@code account}'s slots 0 to {@code slots - 1} whose {@code
   * endpointOf} is another endpoint to that one; moved frames keep their order but get new ids.
   */
  void rehome(String account, int slots, Function<Payload, String> endpointOf) {
    for (int slot = 0; slot < slots; slot++) {
      String from = endpoint(account, slot);
      Box box = boxes.get(from);
      if (box == null) {
        continue;
      }
      List<Entry> moving = new ArrayList<>();
      synchronized (box) {
        for (Entry entry : box.pending.values()) {
          if (!from.equals(endpointOf.apply(entry.payload))) {
            moving.add(entry);
          }
        }
        moving.forEach(entry -> box.pending.remove(entry.seq));
      }
      for (Entry entry : moving) {
        journal.delete(key(from, entry.seq));
        deposit(endpointOf.apply(entry.payload), entry.payload, entry.expiresAt);
      }
    }
  }

  /** Frames waiting for {@code endpoint}. */
  int depth(String endpoint) {
    Box box = boxes.get(endpoint);
    if (box == null) {
      return 0;
    }
    synchronized (box) {
      return box.pending.size();
    }
  }

  /** Frames waiting in all mailboxes. */
  long totalDepth() {
    long total = 0;
    for (Box box : boxes.values()) {
      synchronized (box) {
        total += box.pending.size();
      }
    }
    return total;
  }

  private static String key(String endpoint, long seq) {
    return PREFIX + endpoint + "/" + seq;
  }
}
