package io.parley.sandbox;

import io.parley.protocol.media.MediaCipher;
import io.parley.protocol.media.MediaDescriptor;
import io.parley.protocol.media.MediaIntegrityException;
import io.parley.protocol.ratchet.DeviceKeys;
import io.parley.protocol.ratchet.PreKeyMessages;
import io.parley.protocol.ratchet.RatchetException;
import io.parley.protocol.ratchet.RatchetMessage;
import io.parley.protocol.ratchet.Session;
import io.parley.protocol.wire.Content;
import io.parley.protocol.wire.ErrorCodes;
import io.parley.protocol.wire.Frame;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.WireFormatException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A user of the network with one device that runs the real protocol: it holds its own identity and
 * prekeys, answers a business's first message with X3DH, decrypts with the Double Ratchet, fetches
 * and decrypts media, keeps an inbox, sends receipts and replies according to its behaviour, and
 * sends messages of every kind to businesses. A reply context (the id of the message answered)
 * travels inside the encrypted content, both ways. Everything it does runs in order on its own
 * serial queue over a shared thread pool.
 */
final class VirtualUser implements Mailboxes.Link {

  private static final Logger LOG = Logger.getLogger(VirtualUser.class.getName());
  private static final int PREKEY_BATCH = 100;

  final String uid;
  private final Network network;
  private final MediaBlobs blobs;
  private final Path mediaDirectory;
  private final Executor workers;
  private final ScheduledExecutorService scheduler;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  private volatile String waId;
  private volatile String name;
  private boolean online;
  private boolean receipts;
  private long readAfterMillis;
  private String reply;
  private List<String> script;
  private int scriptIndex;
  private DeviceKeys keys;
  private final Map<String, Session> sessions = new HashMap<>();
  private final Set<String> businesses = new LinkedHashSet<>();
  private final LinkedHashMap<String, InboxEntry> inbox = new LinkedHashMap<>();
  private long inboxSeq;

  /** One message in or out of the inbox, with what happened to it. */
  private static final class InboxEntry {
    long seq;
    String id;
    String direction;
    String peer;
    String type;
    JsonObject content;
    String replyTo = "";
    long timestamp;
    String status;
    final Map<String, Long> receipts = new LinkedHashMap<>();
    int errorCode;

    JsonObject toJson() {
      JsonObjectBuilder receiptJson = Json.createObjectBuilder();
      receipts.forEach(receiptJson::add);
      JsonObjectBuilder out =
          Json.createObjectBuilder()
              .add("seq", seq)
              .add("id", id)
              .add("direction", direction)
              .add("peer", peer)
              .add("type", type)
              .add("content", content)
              .add("timestamp", timestamp)
              .add("status", status)
              .add("receipts", receiptJson);
      if (!replyTo.isEmpty()) {
        out.add("context", ContentJson.context(replyTo));
      }
      if (errorCode != 0) {
        out.add("error_code", errorCode);
      }
      return out.build();
    }

    static InboxEntry fromJson(JsonObject json) {
      InboxEntry entry = new InboxEntry();
      entry.seq = json.getJsonNumber("seq").longValue();
      entry.id = json.getString("id");
      entry.direction = json.getString("direction");
      entry.peer = json.getString("peer");
      entry.type = json.getString("type");
      entry.content = json.getJsonObject("content");
      entry.replyTo = ContentJson.replyTo(json);
      entry.timestamp = json.getJsonNumber("timestamp").longValue();
      entry.status = json.getString("status");
      json.getJsonObject("receipts")
          .forEach(
              (key, value) ->
                  entry.receipts.put(key, ((jakarta.json.JsonNumber) value).longValue()));
      entry.errorCode = json.getInt("error_code", 0);
      return entry;
    }
  }

  VirtualUser(
      String uid,
      Network network,
      MediaBlobs blobs,
      Path mediaDirectory,
      Executor workers,
      ScheduledExecutorService scheduler) {
    this.uid = uid;
    this.network = network;
    this.blobs = blobs;
    this.mediaDirectory = mediaDirectory;
    this.workers = workers;
    this.scheduler = scheduler;
  }

  /** A new user with a fresh device; its prekeys are published. */
  void create(String number, JsonObject settings) {
    this.waId = number;
    this.name = JsonText.string(settings, "name", "User " + number);
    applyBehaviour(settings, true);
    this.keys = DeviceKeys.generate(network.random);
    publishPreKeys(PREKEY_BATCH).join();
    save().join();
    if (online) {
      network.mailboxes.attach(Network.userEndpoint(waId), this);
    }
  }

  /** The user as stored in the journal. */
  void restore(JsonObject stored) throws WireFormatException, RatchetException {
    this.waId = stored.getString("wa_id");
    this.name = stored.getString("name");
    applyBehaviour(stored, true);
    this.scriptIndex = stored.getInt("script_index", 0);
    this.keys = DeviceKeys.decode(JsonText.unb64(stored.getString("keys")));
    stored
        .getJsonArray("businesses")
        .forEach(value -> businesses.add(((jakarta.json.JsonString) value).getString()));
    this.inboxSeq = stored.getJsonNumber("inbox_seq").longValue();
    for (Map.Entry<String, byte[]> session : network.journal.prefixed(sessionPrefix()).entrySet()) {
      sessions.put(
          session.getKey().substring(sessionPrefix().length()),
          Session.fromBytes(session.getValue(), network.random));
    }
    for (byte[] entry : network.journal.prefixed(inboxPrefix()).values()) {
      InboxEntry restored = InboxEntry.fromJson(JsonText.parse(entry));
      inbox.put(restored.id, restored);
    }
    if (online) {
      network.mailboxes.attach(Network.userEndpoint(waId), this);
    }
  }

  String waId() {
    return waId;
  }

  String name() {
    return name;
  }

  // ---- the serial queue ----

  /** Runs {@code work} on this user's queue; its result completes the future. */
  <T> CompletableFuture<T> submit(Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    enqueue(
        () -> {
          try {
            result.complete(work.call());
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  private void enqueue(Runnable task) {
    synchronized (tasks) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    workers.execute(this::drain);
  }

  private void drain() {
    for (int done = 0; done < 64; done++) {
      Runnable task;
      synchronized (tasks) {
        task = tasks.poll();
        if (task == null) {
          running = false;
          return;
        }
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "virtual user " + waId + ": " + e.getMessage(), e);
      }
    }
    workers.execute(this::drain);
  }

  // ---- frames from the network ----

  @Override
  public void deliver(Frame frame) {
    String endpoint = Network.userEndpoint(waId);
    enqueue(
        () -> {
          try {
            if (frame.payload() instanceof Payload.Message message) {
              onMessage(message);
            } else if (frame.payload() instanceof Payload.Receipt receipt) {
              onReceipt(receipt);
            }
          } finally {
            network.mailboxes.acknowledge(endpoint, frame.id());
          }
        });
  }

  private void onMessage(Payload.Message message) {
    InboxEntry seen = inbox.get(message.messageId());
    if (seen != null) {
      if (receipts && !"undecryptable".equals(seen.type)) {
        receipt(message.from(), message.messageId(), Payload.ReceiptStatus.DELIVERED, 0);
      }
      return;
    }
    Content.Envelope envelope;
    try {
      envelope = Content.open(decrypt(message));
    } catch (RatchetException | WireFormatException e) {
      LOG.info(
          "virtual user "
              + waId
              + " cannot decrypt "
              + message.messageId()
              + ": "
              + e.getMessage());
      InboxEntry entry =
          add(
              message.messageId(),
              "in",
              message.from(),
              "undecryptable",
              JsonValue.EMPTY_JSON_OBJECT);
      entry.status = "failed";
      entry.errorCode = ErrorCodes.USER_POTENTIALLY_CHANGED;
      saveEntry(entry);
      receipt(
          message.from(),
          message.messageId(),
          Payload.ReceiptStatus.FAILED,
          ErrorCodes.USER_POTENTIALLY_CHANGED);
      return;
    }
    if (businesses.add(message.from())) {
      save();
    }
    Content content = envelope.content();
    InboxEntry entry =
        add(
            message.messageId(),
            "in",
            message.from(),
            ContentJson.type(content),
            ContentJson.toJson(content));
    entry.replyTo = envelope.replyTo();
    if (content instanceof Content.Media media) {
      entry.content = fetchMedia(message.messageId(), media, entry.content);
    } else if (content instanceof Content.Template template) {
      entry.content = ContentJson.withRendering(entry.content, template, network.templates);
    }
    entry.status = "received";
    if (receipts) {
      receipt(message.from(), message.messageId(), Payload.ReceiptStatus.DELIVERED, 0);
      entry.status = "delivered";
    }
    saveEntry(entry);
    if (readAfterMillis >= 0) {
      String id = entry.id;
      scheduler.schedule(() -> enqueue(() -> markRead(id)), readAfterMillis, TimeUnit.MILLISECONDS);
    }
    autoReply(message.from(), message.messageId(), content);
  }

  private byte[] decrypt(Payload.Message message) throws RatchetException, WireFormatException {
    RatchetMessage ratchet = RatchetMessage.decode(message.ciphertext());
    Session session = sessions.get(message.from());
    if (session != null) {
      try {
        byte[] plaintext = session.decrypt(ratchet);
        saveSession(message.from(), session);
        return plaintext;
      } catch (RatchetException e) {
        if (ratchet.preKeyHeader() == null) {
          throw e;
        }
      }
    }
    DeviceKeys.Accepted accepted = keys.accept(ratchet, network.random);
    sessions.put(message.from(), accepted.session());
    saveSession(message.from(), accepted.session());
    if (keys.oneTimePreKeyCount() < PreKeyDirectory.LOW_WATER) {
      publishPreKeys(PREKEY_BATCH);
    }
    save();
    return accepted.plaintext();
  }

  private JsonObject fetchMedia(String messageId, Content.Media media, JsonObject content) {
    JsonObjectBuilder out = Json.createObjectBuilder(content);
    Path blob = blobs.file(media.blobId());
    if (blob == null) {
      return out.add("download_error", "blob not found").build();
    }
    try {
      Files.createDirectories(mediaDirectory);
      Path plaintext = mediaDirectory.resolve(messageId.replaceAll("[^A-Za-z0-9._-]", "_"));
      MediaCipher.decrypt(
          blob,
          plaintext,
          new MediaDescriptor(
              media.mediaKey(),
              media.plaintextSha256(),
              media.encryptedSha256(),
              media.plaintextLength(),
              media.encryptedLength()));
      return out.add("downloaded_bytes", Files.size(plaintext))
          .add("verified_sha256", HexFormat.of().formatHex(media.plaintextSha256()))
          .build();
    } catch (IOException | MediaIntegrityException e) {
      return out.add("download_error", e.getMessage()).build();
    }
  }

  private void onReceipt(Payload.Receipt receipt) {
    InboxEntry entry = inbox.get(receipt.messageId());
    if (entry == null) {
      return;
    }
    String status = receipt.status().name().toLowerCase(Locale.ROOT);
    entry.receipts.putIfAbsent(status, receipt.timestamp());
    if (!"read".equals(entry.status)) {
      entry.status = status;
    }
    saveEntry(entry);
  }

  private void markRead(String messageId) {
    InboxEntry entry = inbox.get(messageId);
    if (entry == null || "read".equals(entry.status) || !"in".equals(entry.direction)) {
      return;
    }
    receipt(entry.peer, messageId, Payload.ReceiptStatus.READ, 0);
    entry.status = "read";
    saveEntry(entry);
  }

  /** Answers the business's message {@code messageId} as the behaviour says, in reply to it. */
  private void autoReply(String business, String messageId, Content content) {
    String text =
        switch (reply) {
          case "echo" ->
              content instanceof Content.Text t ? t.body() : "[" + ContentJson.type(content) + "]";
          case "script" -> script.isEmpty() ? null : script.get(scriptIndex++ % script.size());
          default -> null;
        };
    if (text != null) {
      try {
        sendNow(business, new Content.Text(text), messageId);
        save();
      } catch (IOException | RuntimeException e) {
        LOG.info("virtual user " + waId + " could not reply: " + e.getMessage());
      }
    }
  }

  private void receipt(String business, String messageId, Payload.ReceiptStatus status, int code) {
    network.receiptFromUser(
        waId,
        new Payload.Receipt(messageId, waId, business, status, System.currentTimeMillis(), code));
  }

  // ---- what the control API asks ----

  /**
   * Sends the message {@code request} describes to {@code request.to}, replying to {@code
   * request.context.message_id} when given; the inbox entry as JSON.
   */
  CompletableFuture<JsonObject> send(JsonObject request) {
    return submit(
        () -> {
          String business = JsonText.string(request, "to", null);
          if (business == null) {
            throw new JsonText.BadRequest("'to' names the business account");
          }
          String replyTo = ContentJson.replyTo(request);
          Content content = ContentJson.fromRequest(request, this::uploadMedia);
          InboxEntry entry = sendNow(business, content, replyTo);
          return entry.toJson();
        });
  }

  /** Encrypts and sends {@code content}, replying to message {@code replyTo} unless empty. */
  private InboxEntry sendNow(String business, Content content, String replyTo) throws IOException {
    if (!network.accounts.exists(business)) {
      throw new JsonText.BadRequest(404, "no business account " + business);
    }
    Session session = sessions.get(business);
    if (session == null) {
      Payload.PreKeyBundle bundle = network.takeBundle(business, Network.DEVICE);
      if (bundle == null) {
        throw new JsonText.BadRequest(409, "business " + business + " has published no keys");
      }
      try {
        session =
            Session.initiate(
                keys.identityKeyPair(), PreKeyMessages.fromPayload(bundle), network.random);
      } catch (RatchetException e) {
        throw new JsonText.BadRequest(409, "business keys do not verify: " + e.getMessage());
      }
      sessions.put(business, session);
    }
    byte[] ciphertext = session.encrypt(Content.encode(content, replyTo));
    saveSession(business, session);
    byte[] random = new byte[16];
    network.random.nextBytes(random);
    String id = "wamid." + HexFormat.of().formatHex(random).toUpperCase(Locale.ROOT);
    Payload.Message message =
        new Payload.Message(
            id,
            waId,
            business,
            Network.DEVICE,
            System.currentTimeMillis(),
            ciphertext,
            content.kind(),
            null);
    businesses.add(business);
    InboxEntry entry =
        add(id, "out", business, ContentJson.type(content), ContentJson.toJson(content));
    entry.replyTo = replyTo;
    int code = network.fromUser(waId, message).join();
    entry.status = code == ErrorCodes.OK ? "sent" : "failed";
    entry.errorCode = code;
    saveEntry(entry);
    return entry;
  }

  private Content.Media uploadMedia(
      Content.MediaType type, byte[] bytes, String mime, String caption, String filename)
      throws IOException {
    Files.createDirectories(mediaDirectory);
    Path temporary = Files.createTempFile(mediaDirectory, ".upload-", ".enc");
    try {
      MediaDescriptor descriptor;
      try (InputStream in = new ByteArrayInputStream(bytes);
          OutputStream out = Files.newOutputStream(temporary)) {
        descriptor = MediaCipher.encrypt(in, out, network.random);
      }
      String blobId;
      try (InputStream in = Files.newInputStream(temporary)) {
        blobId = blobs.upload(in, Long.MAX_VALUE);
      }
      return new Content.Media(
          type,
          blobId,
          mime,
          descriptor.mediaKey(),
          descriptor.plaintextSha256(),
          descriptor.encryptedSha256(),
          descriptor.plaintextLength(),
          descriptor.encryptedLength(),
          caption,
          filename);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The inbox, oldest first. */
  CompletableFuture<JsonArray> inbox() {
    return submit(
        () -> {
          JsonArrayBuilder out = Json.createArrayBuilder();
          inbox.values().forEach(entry -> out.add(entry.toJson()));
          return out.build();
        });
  }

  /** The decrypted bytes of media message {@code messageId}, or {@code null}. */
  Path media(String messageId) {
    Path file = mediaDirectory.resolve(messageId.replaceAll("[^A-Za-z0-9._-]", "_"));
    return Files.exists(file) ? file : null;
  }

  /** This user's settings and state, for the control API. */
  CompletableFuture<JsonObject> describe() {
    return submit(this::toJson);
  }

  /** Changes name and behaviour; going online delivers what waited. */
  CompletableFuture<JsonObject> configure(JsonObject settings) {
    return submit(
        () -> {
          boolean wasOnline = online;
          name = JsonText.string(settings, "name", name);
          applyBehaviour(settings, false);
          save().join();
          String endpoint = Network.userEndpoint(waId);
          if (online && !wasOnline) {
            network.mailboxes.attach(endpoint, this);
          } else if (!online && wasOnline) {
            network.mailboxes.detach(endpoint, this);
          }
          return toJson();
        });
  }

  /** A reinstall: a new identity and prekeys, old sessions gone, businesses told. */
  CompletableFuture<JsonObject> reinstall() {
    return submit(
        () -> {
          keys = DeviceKeys.generate(network.random);
          for (String peer : List.copyOf(sessions.keySet())) {
            network.journal.delete(sessionPrefix() + peer);
          }
          sessions.clear();
          publishPreKeys(PREKEY_BATCH).join();
          save().join();
          for (String business : businesses) {
            network.userEvent(
                business,
                waId,
                Payload.UserEventType.IDENTITY_CHANGED,
                "",
                keys.identity().encoded());
          }
          return toJson();
        });
  }

  /**
   * Moves to {@code number}: keys, waiting messages and customer-service windows follow; the
   * businesses this user talked with are told. The caller has checked that the number is free.
   */
  CompletableFuture<JsonObject> changeNumber(String number, Runnable reindex) {
    return submit(
        () -> {
          String old = waId;
          network.mailboxes.detach(Network.userEndpoint(old), this);
          network.preKeys.remove(old, Network.DEVICE);
          waId = number;
          reindex.run();
          publishPreKeys(PREKEY_BATCH).join();
          network.rules.moveWindows(old, number);
          network.mailboxes.move(Network.userEndpoint(old), Network.userEndpoint(number));
          save().join();
          if (online) {
            network.mailboxes.attach(Network.userEndpoint(number), this);
          }
          for (String business : businesses) {
            network.userEvent(
                business,
                old,
                Payload.UserEventType.NUMBER_CHANGED,
                number,
                keys.identity().encoded());
          }
          return toJson();
        });
  }

  /** Takes the user off the network. */
  CompletableFuture<Void> remove() {
    return submit(
        () -> {
          network.mailboxes.detach(Network.userEndpoint(waId), this);
          network.preKeys.remove(waId, Network.DEVICE);
          for (String key : List.copyOf(network.journal.prefixed(sessionPrefix()).keySet())) {
            network.journal.delete(key);
          }
          for (String key : List.copyOf(network.journal.prefixed(inboxPrefix()).keySet())) {
            network.journal.delete(key);
          }
          network.journal.delete("usr/" + uid).join();
          return null;
        });
  }

  // ---- state ----

  private void applyBehaviour(JsonObject settings, boolean defaults) {
    online = JsonText.bool(settings, "online", defaults || online);
    receipts = JsonText.bool(settings, "receipts", defaults || receipts);
    readAfterMillis = JsonText.number(settings, "read_after_ms", defaults ? -1 : readAfterMillis);
    reply = JsonText.string(settings, "reply", defaults ? "none" : reply);
    if (!List.of("none", "echo", "script").contains(reply)) {
      throw new JsonText.BadRequest("'reply' is none, echo or script");
    }
    JsonValue lines = settings.get("script");
    if (lines != null && lines.getValueType() == JsonValue.ValueType.ARRAY) {
      List<String> parsed = new ArrayList<>();
      lines.asJsonArray().forEach(line -> parsed.add(((jakarta.json.JsonString) line).getString()));
      script = parsed;
      scriptIndex = 0;
    } else if (defaults || script == null) {
      script = script == null ? List.of() : script;
    }
  }

  private CompletableFuture<Void> publishPreKeys(int count) {
    return network.preKeys.upload(
        waId, Network.DEVICE, keys.upload(keys.newOneTimePreKeys(count, network.random)));
  }

  private InboxEntry add(
      String id, String direction, String peer, String type, JsonObject content) {
    InboxEntry entry = new InboxEntry();
    entry.seq = ++inboxSeq;
    entry.id = id;
    entry.direction = direction;
    entry.peer = peer;
    entry.type = type;
    entry.content = content;
    entry.timestamp = System.currentTimeMillis();
    entry.status = "new";
    inbox.put(id, entry);
    int limit = network.rules.settings().inboxLimit();
    while (inbox.size() > limit) {
      InboxEntry oldest = inbox.values().iterator().next();
      inbox.remove(oldest.id);
      network.journal.delete(inboxKey(oldest.seq));
    }
    return entry;
  }

  private void saveEntry(InboxEntry entry) {
    if (inbox.containsKey(entry.id)) {
      network.journal.put(inboxKey(entry.seq), JsonText.bytes(entry.toJson()));
    }
  }

  private void saveSession(String peer, Session session) {
    network.journal.put(sessionPrefix() + peer, session.toBytes());
  }

  CompletableFuture<Void> save() {
    JsonArrayBuilder businessJson = Json.createArrayBuilder();
    businesses.forEach(businessJson::add);
    JsonArrayBuilder scriptJson = Json.createArrayBuilder();
    script.forEach(scriptJson::add);
    JsonObject stored =
        Json.createObjectBuilder(toJson())
            .add("uid", uid)
            .add("keys", JsonText.b64(keys.encode()))
            .add("businesses", businessJson)
            .add("script", scriptJson)
            .add("script_index", scriptIndex)
            .add("inbox_seq", inboxSeq)
            .build();
    return network.journal.put("usr/" + uid, JsonText.bytes(stored));
  }

  private JsonObject toJson() {
    JsonArrayBuilder scriptJson = Json.createArrayBuilder();
    script.forEach(scriptJson::add);
    return Json.createObjectBuilder()
        .add("wa_id", waId)
        .add("name", name)
        .add("online", online)
        .add("receipts", receipts)
        .add("read_after_ms", readAfterMillis)
        .add("reply", reply)
        .add("script", scriptJson)
        .add("identity", JsonText.b64(keys.identity().encoded()))
        .add("one_time_prekeys", network.preKeys.remaining(waId, Network.DEVICE))
        .add("waiting_frames", network.mailboxes.depth(Network.userEndpoint(waId)))
        .build();
  }

  private String sessionPrefix() {
    return "ses/" + uid + "/";
  }

  private String inboxPrefix() {
    return "inb/" + uid + "/";
  }

  private String inboxKey(long seq) {
    return inboxPrefix() + String.format("%019d", seq);
  }
}
