package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.wire.Payload;
import io.parley.protocol.wire.ProtoReader;
import io.parley.protocol.wire.ProtoWriter;
import io.parley.protocol.wire.WireFormatException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The private key material of one device: its identity, its current signed prekey and the one-time
 * prekeys it has published and not yet seen used. It answers first messages ({@link #accept}),
 * deleting the one-time prekey a session used, and makes new batches of one-time prekeys. Not
 * thread-safe; {@link #encode()} gives the bytes to store (they hold private keys).
 */
public final class DeviceKeys {

  private final IdentityKeyPair identity;
  private final SignedPreKey signedPreKey;
  private final Map<Integer, OneTimePreKey> oneTime = new LinkedHashMap<>();
  private int nextOneTimeId;

  private DeviceKeys(IdentityKeyPair identity, SignedPreKey signedPreKey, int nextOneTimeId) {
    this.identity = identity;
    this.signedPreKey = signedPreKey;
    this.nextOneTimeId = nextOneTimeId;
  }

  /** A new install: fresh identity, signed prekey 1 and no one-time prekeys yet. */
  public static DeviceKeys generate(SecureRandom random) {
    IdentityKeyPair identity = IdentityKeyPair.generate(random);
    return new DeviceKeys(identity, SignedPreKey.generate(identity, 1, random), 1);
  }

  /** The device's public identity. */
  public IdentityKey identity() {
    return identity.publicKey();
  }

  /** The device's identity key pair. */
  public IdentityKeyPair identityKeyPair() {
    return identity;
  }

  /** How many one-time prekeys are waiting to be used. */
  public int oneTimePreKeyCount() {
    return oneTime.size();
  }

  /** Makes {@code count} new one-time prekeys and returns them, to publish. */
  public List<OneTimePreKey> newOneTimePreKeys(int count, SecureRandom random) {
    List<OneTimePreKey> made = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      OneTimePreKey key = OneTimePreKey.generate(nextOneTimeId++, random);
      oneTime.put(key.id(), key);
      made.add(key);
    }
    return Collections.unmodifiableList(made);
  }

  /** The upload of the identity, signed prekey and {@code oneTimePreKeys}. */
  public Payload.PreKeyUpload upload(List<OneTimePreKey> oneTimePreKeys) {
    return PreKeyMessages.upload(identity.publicKey(), signedPreKey, oneTimePreKeys);
  }

  /** The bundle a peer would fetch, with {@code oneTimePreKey} (may be {@code null}). */
  public PreKeyBundle bundle(OneTimePreKey oneTimePreKey) {
    return PreKeyBundle.of(identity.publicKey(), signedPreKey, oneTimePreKey);
  }

  /**
   * Starts the session a peer opened with {@code first} and decrypts it; the one-time prekey it
   * used is deleted.
   *
   * @throws RatchetException if {@code first} is not a first message, names prekeys this device
   *     does not hold, or does not decrypt
   */
  public Accepted accept(RatchetMessage first, SecureRandom random) throws RatchetException {
    PreKeyHeader header = first.preKeyHeader();
    if (header == null) {
      throw new RatchetException("not the first message of a session");
    }
    if (header.signedPreKeyId() != signedPreKey.id()) {
      throw new RatchetException("unknown signed prekey " + header.signedPreKeyId());
    }
    OneTimePreKey used = null;
    if (header.usesOneTimePreKey()) {
      used = oneTime.get(header.oneTimePreKeyId());
      if (used == null) {
        throw new RatchetException("one-time prekey " + header.oneTimePreKeyId() + " is gone");
      }
    }
    Session session = Session.respond(identity, signedPreKey, used, header, random);
    byte[] plaintext = session.decrypt(first);
    if (used != null) {
      oneTime.remove(used.id());
    }
    return new Accepted(session, plaintext);
  }

  /** A session started by a peer's first message, and that message's plaintext. */
  public record Accepted(Session session, byte[] plaintext) {}

  /** The stored form; it holds private keys. */
  public byte[] encode() {
    ProtoWriter out =
        new ProtoWriter()
            .bytes(1, identity.dh().privateKey())
            .bytes(2, identity.signing().privateKey())
            .message(
                3,
                new ProtoWriter()
                    .uint32(1, signedPreKey.id())
                    .bytes(2, signedPreKey.keyPair().privateKey())
                    .bytes(3, signedPreKey.signature()))
            .uint32(5, nextOneTimeId);
    for (OneTimePreKey key : oneTime.values()) {
      out.message(4, new ProtoWriter().uint32(1, key.id()).bytes(2, key.keyPair().privateKey()));
    }
    return out.toByteArray();
  }

  /**
   * The device keys stored by {@link #encode()}.
   *
   * @throws WireFormatException if the bytes are not stored device keys
   */
  public static DeviceKeys decode(byte[] bytes) throws WireFormatException {
    ProtoReader in = ProtoReader.of(bytes);
    byte[] dh = null;
    byte[] signing = null;
    SignedPreKey signed = null;
    List<OneTimePreKey> oneTime = new ArrayList<>();
    int next = 1;
    while (in.hasMore()) {
      switch (in.nextField()) {
        case 1 -> dh = in.bytes(X25519.KEY_LENGTH);
        case 2 -> signing = in.bytes(32);
        case 3 -> signed = decodeSigned(in.message());
        case 4 -> oneTime.add(decodeOneTime(in.message()));
        case 5 -> next = in.uint31();
        default -> in.skip();
      }
    }
    if (dh == null || signing == null || signed == null) {
      throw new WireFormatException("device keys without identity or signed prekey");
    }
    DeviceKeys keys = new DeviceKeys(IdentityKeyPair.fromPrivate(dh, signing), signed, next);
    for (OneTimePreKey key : oneTime) {
      keys.oneTime.put(key.id(), key);
    }
    return keys;
  }

  private static SignedPreKey decodeSigned(ProtoReader in) throws WireFormatException {
    int id = 0;
    byte[] key = null;
    byte[] signature = null;
    while (in.hasMore()) {
      switch (in.nextField()) {
        case 1 -> id = in.uint31();
        case 2 -> key = in.bytes(X25519.KEY_LENGTH);
        case 3 -> signature = in.bytes(64);
        default -> in.skip();
      }
    }
    if (id < 1 || key == null || signature == null) {
      throw new WireFormatException("malformed signed prekey");
    }
    return new SignedPreKey(id, X25519.fromPrivate(key), signature);
  }

  private static OneTimePreKey decodeOneTime(ProtoReader in) throws WireFormatException {
    int id = 0;
    byte[] key = null;
    while (in.hasMore()) {
      switch (in.nextField()) {
        case 1 -> id = in.uint31();
        case 2 -> key = in.bytes(X25519.KEY_LENGTH);
        default -> in.skip();
      }
    }
    if (id < 1 || key == null) {
      throw new WireFormatException("malformed one-time prekey");
    }
    return new OneTimePreKey(id, X25519.fromPrivate(key));
  }
}
