package io.parley.sandbox;

import io.parley.protocol.ratchet.RatchetException;
import io.parley.protocol.wire.WireFormatException;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** The virtual users of the network, by number; restored from the journal on start. */
final class VirtualUsers implements Network.Directory {

  private final Network network;
  private final MediaBlobs blobs;
  private final Path directory;
  private final Executor workers;
  private final ScheduledExecutorService scheduler;
  private final Map<String, VirtualUser> byNumber = new ConcurrentHashMap<>();

  VirtualUsers(
      Network network,
      MediaBlobs blobs,
      Path directory,
      Executor workers,
      ScheduledExecutorService scheduler)
      throws WireFormatException, RatchetException {
    this.network = network;
    this.blobs = blobs;
    this.directory = directory;
    this.workers = workers;
    this.scheduler = scheduler;
    for (byte[] stored : network.journal.prefixed("usr/").values()) {
      JsonObject json = JsonText.parse(stored);
      VirtualUser user = newUser(json.getString("uid"));
      user.restore(json);
      byNumber.put(user.waId(), user);
    }
    network.directory(this);
  }

  private VirtualUser newUser(String uid) {
    return new VirtualUser(
        uid, network, blobs, directory.resolve(uid).resolve("media"), workers, scheduler);
  }

  /** Creates a user from its control API JSON ({@code wa_id} required). */
  synchronized VirtualUser create(JsonObject settings) {
    String number = JsonText.string(settings, "wa_id", null);
    if (number == null || !number.matches("[0-9]{6,15}")) {
      throw new JsonText.BadRequest("'wa_id' must be 6 to 15 digits");
    }
    requireFree(number);
    String uid = number + "-" + Long.toString(System.nanoTime(), 36);
    VirtualUser user = newUser(uid);
    user.create(number, settings);
    byNumber.put(number, user);
    return user;
  }

  /** Moves {@code user} to a new free number. */
  synchronized CompletableFuture<JsonObject> changeNumber(VirtualUser user, String number) {
    if (number == null || !number.matches("[0-9]{6,15}")) {
      throw new JsonText.BadRequest("'wa_id' must be 6 to 15 digits");
    }
    requireFree(number);
    String old = user.waId();
    byNumber.put(number, user);
    return user.changeNumber(number, () -> byNumber.remove(old, user));
  }

  /** Takes {@code user} off the network. */
  CompletableFuture<Void> remove(VirtualUser user) {
    byNumber.remove(user.waId(), user);
    return user.remove();
  }

  private void requireFree(String number) {
    if (byNumber.containsKey(number) || network.accounts.exists(number)) {
      throw new JsonText.BadRequest(409, "+" + number + " is already on the network");
    }
  }

  VirtualUser get(String number) {
    return byNumber.get(number);
  }

  Collection<VirtualUser> all() {
    return List.copyOf(byNumber.values());
  }

  @Override
  public boolean isUser(String waId) {
    return byNumber.containsKey(waId);
  }

  @Override
  public String profileName(String waId) {
    VirtualUser user = byNumber.get(waId);
    return user == null ? "" : user.name();
  }
}
