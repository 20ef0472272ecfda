package io.parley.sandbox;

import io.parley.protocol.wire.Payload;
import io.parley.sandbox.store.Journal;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public prekeys of every device: identity, signed prekey and one-time prekeys. A bundle handed
 * to a peer takes one one-time prekey, which is never handed out again.
 */
final class PreKeyDirectory {

  /** Below this many one-time prekeys a device is told to upload more. */
  static final int LOW_WATER = 10;

  private static final String PREFIX = "pk/";

  private static final class Device {
    byte[] identity;
    Payload.PreKey signed;
    final Deque<Payload.PreKey> oneTime = new ArrayDeque<>();
  }

  private final Journal journal;
  private final Map<String, Device> devices = new ConcurrentHashMap<>();

  PreKeyDirectory(Journal journal) {
    this.journal = journal;
    for (Map.Entry<String, byte[]> stored : journal.prefixed(PREFIX).entrySet()) {
      JsonObject json = JsonText.parse(stored.getValue());
      Device device = new Device();
      device.identity = JsonText.unb64(json.getString("identity"));
      device.signed = preKey(json.getJsonObject("signed"));
      for (JsonValue key : json.getJsonArray("one_time")) {
        device.oneTime.add(preKey(key.asJsonObject()));
      }
      devices.put(stored.getKey().substring(PREFIX.length()), device);
    }
  }

  /**
   * Stores an upload. A new identity replaces everything the device had; the same identity adds the
   * one-time prekeys and replaces the signed prekey.
   */
  CompletableFuture<Void> upload(String account, int device, Payload.PreKeyUpload upload) {
    String name = Mailboxes.endpoint(account, device);
    Device stored = devices.computeIfAbsent(name, key -> new Device());
    synchronized (stored) {
      if (stored.identity == null || !Arrays.equals(stored.identity, upload.identity())) {
        stored.identity = upload.identity();
        stored.oneTime.clear();
      }
      stored.signed = upload.signedPreKey();
      stored.oneTime.addAll(upload.oneTimePreKeys());
      return save(name, stored);
    }
  }

  /**
   * A bundle of {@code account}'s {@code device}, taking one of its one-time prekeys; {@code null}
   * if the device never uploaded keys.
   */
  Payload.PreKeyBundle take(String account, int device) {
    String name = Mailboxes.endpoint(account, device);
    Device stored = devices.get(name);
    if (stored == null) {
      return null;
    }
    synchronized (stored) {
      Payload.PreKey oneTime = stored.oneTime.pollFirst();
      if (oneTime != null) {
        save(name, stored);
      }
      return new Payload.PreKeyBundle(account, device, stored.identity, stored.signed, oneTime);
    }
  }

  /** The device's identity (encoded {@code IdentityKey}), or {@code null}. */
  byte[] identity(String account, int device) {
    Device stored = devices.get(Mailboxes.endpoint(account, device));
    return stored == null ? null : stored.identity.clone();
  }

  /** One-time prekeys left for the device. */
  int remaining(String account, int device) {
    Device stored = devices.get(Mailboxes.endpoint(account, device));
    if (stored == null) {
      return 0;
    }
    synchronized (stored) {
      return stored.oneTime.size();
    }
  }

  /** Forgets the device's keys (its number left the network). */
  void remove(String account, int device) {
    String name = Mailboxes.endpoint(account, device);
    if (devices.remove(name) != null) {
      journal.delete(PREFIX + name);
    }
  }

  private CompletableFuture<Void> save(String name, Device device) {
    JsonArrayBuilder oneTime = Json.createArrayBuilder();
    for (Payload.PreKey key : device.oneTime) {
      oneTime.add(json(key));
    }
    JsonObject json =
        Json.createObjectBuilder()
            .add("identity", JsonText.b64(device.identity))
            .add("signed", json(device.signed))
            .add("one_time", oneTime)
            .build();
    return journal.put(PREFIX + name, JsonText.bytes(json));
  }

  private static JsonObject json(Payload.PreKey key) {
    return Json.createObjectBuilder()
        .add("id", key.id())
        .add("key", JsonText.b64(key.publicKey()))
        .add("signature", JsonText.b64(key.signature()))
        .build();
  }

  private static Payload.PreKey preKey(JsonObject json) {
    return new Payload.PreKey(
        json.getInt("id"),
        JsonText.unb64(json.getString("key")),
        JsonText.unb64(json.getString("signature")));
  }
}
