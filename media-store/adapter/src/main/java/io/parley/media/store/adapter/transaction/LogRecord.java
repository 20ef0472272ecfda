package io.parley.media.store.adapter.transaction;

import io.parley.media.store.adapter.volume.Change;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable record of one transaction branch's changes, as kept in {@code txlog/}. A text file,
 * one item per line:
 *
 * <pre>
 * parley-media-txlog 1
 * state prepared                 (or: state committing)
 * xid 131077:0a1b...:0c2d...     (format id : global transaction id : branch qualifier, in hex)
 * put photo.jpg 6f1c.../9b2e....part
 * delete old.jpg
 * end 2                          (the number of change lines; a record without it is torn)
 * </pre>
 *
 * <p>{@code prepared}: the branch voted yes and waits for the transaction manager's decision.
 * {@code committing}: a one-phase commit of several changes decided to commit; whoever finds the
 * record completes it.
 */
record LogRecord(State state, XidKey xid, List<Change> changes) {

  static final String HEADER = "parley-media-txlog 1";

  enum State {
    PREPARED,
    COMMITTING
  }

  LogRecord {
    changes = List.copyOf(changes);
  }

  String format() {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    text.append("state ").append(state == State.PREPARED ? "prepared" : "committing").append('\n');
    text.append("xid ").append(xid).append('\n');
    for (Change change : changes) {
      if (change instanceof Change.Put put) {
        text.append("put ").append(put.id()).append(' ').append(put.staging()).append('\n');
      } else {
        text.append("delete ").append(change.id()).append('\n');
      }
    }
    return text.append("end ").append(changes.size()).append('\n').toString();
  }

  /**
   * Reads what {@link #format()} wrote.
   *
   * @throws IllegalArgumentException for anything else, a torn record included
   */
  static LogRecord parse(List<String> lines) {
    if (lines.size() < 4 || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException("Not a media store record");
    }
    State state =
        switch (lines.get(1)) {
          case "state prepared" -> State.PREPARED;
          case "state committing" -> State.COMMITTING;
          default -> throw new IllegalArgumentException("Unknown state: " + lines.get(1));
        };
    XidKey xid = XidKey.parse(field(lines.get(2), "xid"));
    List<Change> changes = new ArrayList<>();
    for (String line : lines.subList(3, lines.size() - 1)) {
      String[] parts = line.split(" ", -1);
      if (parts.length == 3 && parts[0].equals("put")) {
        changes.add(new Change.Put(parts[1], parts[2]));
      } else if (parts.length == 2 && parts[0].equals("delete")) {
        changes.add(new Change.Delete(parts[1]));
      } else {
        throw new IllegalArgumentException("Unknown change: " + line);
      }
    }
    String end = "end " + changes.size();
    if (!lines.get(lines.size() - 1).equals(end)) {
      throw new IllegalArgumentException("Torn record: no \"" + end + "\"");
    }
    return new LogRecord(state, xid, changes);
  }

  private static String field(String line, String name) {
    if (!line.startsWith(name + " ")) {
      throw new IllegalArgumentException("Expected " + name + ": " + line);
    }
    return line.substring(name.length() + 1);
  }
}
