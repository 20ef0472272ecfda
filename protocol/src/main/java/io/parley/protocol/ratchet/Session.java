package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.AesGcm;
import io.parley.protocol.crypto.Hkdf;
import io.parley.protocol.crypto.Hmac;
import io.parley.protocol.crypto.X25519;
import io.parley.protocol.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A Double Ratchet session with one remote device (Signal specification), started by X3DH.
 *
 * <ul>
 *   <li>KDF_RK: HKDF-SHA256(salt = root key, ikm = DH output, info = "Parley Ratchet") into a new
 *       root key and chain key. KDF_CK: message key = HMAC-SHA256(chain key, 0x01), next chain key
 *       = HMAC-SHA256(chain key, 0x02).
 *   <li>Each message key is expanded by HKDF-SHA256 (info "Parley Message Keys") into an
 *       AES-256-GCM key and nonce; the associated data is the X3DH associated data followed by the
 *       encoded header.
 *   <li>Keys of skipped messages are kept (at most {@link #MAX_SKIP} per chain step and {@link
 *       #MAX_SKIPPED_KEYS} in all, oldest dropped first), so messages may arrive out of order or
 *       never. A message key is deleted once used, so a replayed message is refused.
 *   <li>A failed {@link #decrypt} leaves the session unchanged: it works on a copy of the state.
 * </ul>
 *
 * The initiator attaches its {@link PreKeyHeader} to every message until it has decrypted one from
 * the responder. The state survives {@link #toBytes()} and {@link #fromBytes(byte[])} (the server
 * stores it). Not thread-safe.
 */
public final class Session {

  /** The most message keys one message may make the receiver skip. */
  public static final int MAX_SKIP = 1000;

  /** The most skipped message keys a session keeps. */
  public static final int MAX_SKIPPED_KEYS = 2000;

  private static final byte[] RATCHET_INFO = "Parley Ratchet".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MESSAGE_KEY_INFO =
      "Parley Message Keys".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MESSAGE_KEY_SEED = {0x01};
  private static final byte[] CHAIN_KEY_SEED = {0x02};

  private final SecureRandom random;
  private SessionState state;

  private Session(SessionState state, SecureRandom random) {
    this.state = state;
    this.random = random;
  }

  /**
   * Starts a session as the initiator with the device that published {@code bundle}.
   *
   * @throws RatchetException if the bundle's signed prekey signature does not verify
   */
  public static Session initiate(IdentityKeyPair local, PreKeyBundle bundle, SecureRandom random)
      throws RatchetException {
    X3dh.Initiation x3dh = X3dh.initiate(local, bundle, random);
    SessionState s = new SessionState();
    s.remoteIdentity = bundle.identity();
    s.associatedData = X3dh.associatedData(local.publicKey(), bundle.identity());
    s.selfRatchet = X25519.generate(random);
    s.remoteRatchet = bundle.signedPreKey();
    byte[][] rootAndChain =
        kdfRoot(x3dh.sharedSecret(), X3dh.agree(s.selfRatchet.privateKey(), s.remoteRatchet));
    s.rootKey = rootAndChain[0];
    s.sendChain = rootAndChain[1];
    s.pendingPreKey =
        new PreKeyHeader(
            local.publicKey(),
            x3dh.ephemeralKey(),
            bundle.signedPreKeyId(),
            bundle.oneTimePreKeyId() == null ? 0 : bundle.oneTimePreKeyId());
    return new Session(s, random);
  }

  /**
   * Starts a session as the responder to {@code header} (from the first message received), with the
   * prekeys it names; then {@link #decrypt} that message. The caller deletes the one-time prekey
   * once the message decrypts.
   *
   * @throws RatchetException if the prekeys passed are not the ones the header names
   */
  public static Session respond(
      IdentityKeyPair local,
      SignedPreKey signedPreKey,
      OneTimePreKey oneTimePreKey,
      PreKeyHeader header,
      SecureRandom random)
      throws RatchetException {
    if (header.signedPreKeyId() != signedPreKey.id()) {
      throw new RatchetException("message names signed prekey " + header.signedPreKeyId());
    }
    if (header.usesOneTimePreKey() != (oneTimePreKey != null)
        || (oneTimePreKey != null && oneTimePreKey.id() != header.oneTimePreKeyId())) {
      throw new RatchetException("message names one-time prekey " + header.oneTimePreKeyId());
    }
    SessionState s = new SessionState();
    s.remoteIdentity = header.identity();
    s.associatedData = X3dh.associatedData(header.identity(), local.publicKey());
    s.rootKey =
        X3dh.respond(local, signedPreKey, oneTimePreKey, header.identity(), header.ephemeralKey());
    s.selfRatchet = signedPreKey.keyPair();
    return new Session(s, random);
  }

  /** The session stored by {@link #toBytes()}. */
  public static Session fromBytes(byte[] bytes, SecureRandom random) throws WireFormatException {
    return new Session(SessionState.decode(bytes, MAX_SKIPPED_KEYS), random);
  }

  /** The whole session state, to store. It holds secret keys. */
  public byte[] toBytes() {
    return state.encode();
  }

  /** The remote device's identity. */
  public IdentityKey remoteIdentity() {
    return state.remoteIdentity;
  }

  /**
   * Whether the remote device has answered (the initiator no longer attaches its prekey header).
   */
  public boolean isConfirmed() {
    return state.pendingPreKey == null;
  }

  /** Encrypts {@code plaintext} as the next message; returns its encoding. */
  public byte[] encrypt(byte[] plaintext) {
    SessionState s = state;
    if (s.sendChain == null) {
      throw new IllegalStateException("the responder must decrypt a message before it can send");
    }
    if (s.sendCounter == -1) {
      throw new IllegalStateException("sending chain exhausted");
    }
    byte[] messageKey = Hmac.sha256(s.sendChain, MESSAGE_KEY_SEED);
    RatchetMessage header =
        new RatchetMessage(
            s.selfRatchet.publicKey(), s.sendCounter, s.previousCounter, new byte[0], null);
    byte[] ciphertext;
    try {
      ciphertext = seal(messageKey, s.associatedData, header, plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "AES-GCM with a 32-byte key and 12-byte nonce cannot fail", e);
    }
    s.sendChain = Hmac.sha256(s.sendChain, CHAIN_KEY_SEED);
    s.sendCounter++;
    return new RatchetMessage(
            header.ratchetKey(),
            header.counter(),
            header.previousCounter(),
            ciphertext,
            s.pendingPreKey)
        .encode();
  }

  /** Decrypts an encoded message. */
  public byte[] decrypt(byte[] message) throws RatchetException {
    try {
      return decrypt(RatchetMessage.decode(message));
    } catch (WireFormatException e) {
      throw new RatchetException("malformed message: " + e.getMessage(), e);
    }
  }

  /**
   * Decrypts {@code message}; the session changes only if it authenticates.
   *
   * @throws RatchetException if it was tampered with, already decrypted, or would skip too many
   *     messages
   */
  public byte[] decrypt(RatchetMessage message) throws RatchetException {
    SessionState s = state.copy();
    byte[] plaintext = decrypt(s, message);
    s.pendingPreKey = null;
    state = s;
    return plaintext;
  }

  private byte[] decrypt(SessionState s, RatchetMessage message) throws RatchetException {
    String skippedId = SessionState.skippedId(message.ratchetKey(), message.counter());
    byte[] skippedKey = s.skipped.remove(skippedId);
    if (skippedKey != null) {
      return open(skippedKey, s.associatedData, message);
    }
    boolean currentChain =
        s.remoteRatchet != null && MessageDigest.isEqual(message.ratchetKey(), s.remoteRatchet);
    if (currentChain
        && s.receiveChain != null
        && Integer.compareUnsigned(message.counter(), s.receiveCounter) < 0) {
      throw new RatchetException("message already decrypted or its key expired");
    }
    if (!currentChain || s.receiveChain == null) {
      skip(s, message.previousCounter());
      ratchetStep(s, message.ratchetKey());
    }
    skip(s, message.counter());
    byte[] messageKey = Hmac.sha256(s.receiveChain, MESSAGE_KEY_SEED);
    s.receiveChain = Hmac.sha256(s.receiveChain, CHAIN_KEY_SEED);
    s.receiveCounter++;
    return open(messageKey, s.associatedData, message);
  }

  private static void skip(SessionState s, int until) throws RatchetException {
    if (s.receiveChain == null) {
      return;
    }
    if (Integer.toUnsignedLong(until) - Integer.toUnsignedLong(s.receiveCounter) > MAX_SKIP) {
      throw new RatchetException("message would skip more than " + MAX_SKIP + " messages");
    }
    while (Integer.compareUnsigned(s.receiveCounter, until) < 0) {
      byte[] messageKey = Hmac.sha256(s.receiveChain, MESSAGE_KEY_SEED);
      s.putSkipped(
          SessionState.skippedId(s.remoteRatchet, s.receiveCounter), messageKey, MAX_SKIPPED_KEYS);
      s.receiveChain = Hmac.sha256(s.receiveChain, CHAIN_KEY_SEED);
      s.receiveCounter++;
    }
  }

  private void ratchetStep(SessionState s, byte[] remoteRatchet) throws RatchetException {
    s.previousCounter = s.sendCounter;
    s.sendCounter = 0;
    s.receiveCounter = 0;
    s.remoteRatchet = remoteRatchet;
    byte[][] receiving = kdfRoot(s.rootKey, X3dh.agree(s.selfRatchet.privateKey(), remoteRatchet));
    s.rootKey = receiving[0];
    s.receiveChain = receiving[1];
    s.selfRatchet = X25519.generate(random);
    byte[][] sending = kdfRoot(s.rootKey, X3dh.agree(s.selfRatchet.privateKey(), remoteRatchet));
    s.rootKey = sending[0];
    s.sendChain = sending[1];
  }

  private static byte[][] kdfRoot(byte[] rootKey, byte[] dhOutput) {
    byte[] out = Hkdf.derive(rootKey, dhOutput, RATCHET_INFO, 64);
    return new byte[][] {Arrays.copyOf(out, 32), Arrays.copyOfRange(out, 32, 64)};
  }

  private static byte[] seal(
      byte[] messageKey, byte[] associatedData, RatchetMessage header, byte[] plaintext)
      throws GeneralSecurityException {
    byte[] keys = Hkdf.derive(null, messageKey, MESSAGE_KEY_INFO, 44);
    return AesGcm.seal(
        Arrays.copyOf(keys, 32),
        Arrays.copyOfRange(keys, 32, 44),
        ad(associatedData, header),
        plaintext);
  }

  private static byte[] open(byte[] messageKey, byte[] associatedData, RatchetMessage message)
      throws RatchetException {
    byte[] keys = Hkdf.derive(null, messageKey, MESSAGE_KEY_INFO, 44);
    try {
      return AesGcm.open(
          Arrays.copyOf(keys, 32),
          Arrays.copyOfRange(keys, 32, 44),
          ad(associatedData, message),
          message.ciphertext());
    } catch (GeneralSecurityException e) {
      throw new RatchetException("message does not authenticate", e);
    }
  }

  private static byte[] ad(byte[] associatedData, RatchetMessage header) {
    byte[] headerBytes = header.headerBytes();
    byte[] out = Arrays.copyOf(associatedData, associatedData.length + headerBytes.length);
    System.arraycopy(headerBytes, 0, out, associatedData.length, headerBytes.length);
    return out;
  }
}
