package io.parley.protocol.noise;

import io.parley.protocol.crypto.X25519;
import io.parley.protocol.noise.HandshakePattern.Token;
import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Noise HandshakeState for one party: processes the pattern's messages in turn ({@link
 * #writeMessage} for the party's own messages, {@link #readMessage} for the peer's), then {@link
 * #split()} gives the transport states. Only the {@code 25519_AESGCM_SHA256} suite is supported.
 * Any failure leaves the state unusable. Not thread-safe.
 */
public final class HandshakeState {

  /** The largest Noise message, handshake or transport. */
  public static final int MAX_MESSAGE_LENGTH = 65535;

  private static final Pattern PROTOCOL_NAME =
      Pattern.compile("Noise_([A-Za-z0-9+]+)_25519_AESGCM_SHA256");
  private static final int DH_LENGTH = X25519.KEY_LENGTH;
  private static final int TAG_LENGTH = 16;

  private final HandshakePattern pattern;
  private final boolean initiator;
  private final SymmetricState symmetric;
  private final SecureRandom random;
  private final X25519.KeyPair localStatic;
  private X25519.KeyPair localEphemeral;
  private byte[] remoteStatic;
  private byte[] remoteEphemeral;
  private final List<byte[]> psks;
  private int pskIndex;
  private int messageIndex;
  private boolean failed;

  private HandshakeState(Builder b) {
    Matcher m = PROTOCOL_NAME.matcher(b.protocolName);
    if (!m.matches()) {
      throw new IllegalArgumentException("unsupported Noise protocol: " + b.protocolName);
    }
    this.pattern = HandshakePattern.parse(m.group(1));
    this.initiator = b.initiator;
    this.random = b.random;
    this.localStatic = b.localStatic;
    this.localEphemeral = b.localEphemeral;
    this.remoteStatic = b.remoteStatic == null ? null : b.remoteStatic.clone();
    this.psks = new ArrayList<>(b.psks);
    if (psks.size() != pattern.pskCount()) {
      throw new IllegalArgumentException(
          "pattern " + pattern.name() + " needs " + pattern.pskCount() + " psk(s)");
    }
    requireStaticKeys();
    this.symmetric = new SymmetricState(b.protocolName);
    symmetric.mixHash(b.prologue);
    if (pattern.initiatorStaticKnown()) {
      symmetric.mixHash(initiator ? localStatic.publicKey() : remoteStatic);
    }
    if (pattern.responderStaticKnown()) {
      symmetric.mixHash(initiator ? remoteStatic : localStatic.publicKey());
    }
  }

  private void requireStaticKeys() {
    boolean needsLocal = false;
    for (int i = 0; i < pattern.messages().size(); i++) {
      boolean mine = (i % 2 == 0) == initiator;
      needsLocal |= mine && pattern.messages().get(i).contains(Token.S);
    }
    needsLocal |= initiator ? pattern.initiatorStaticKnown() : pattern.responderStaticKnown();
    if (needsLocal && localStatic == null) {
      throw new IllegalArgumentException("pattern " + pattern.name() + " needs a local static key");
    }
    boolean needsRemote =
        initiator ? pattern.responderStaticKnown() : pattern.initiatorStaticKnown();
    if (needsRemote && remoteStatic == null) {
      throw new IllegalArgumentException(
          "pattern " + pattern.name() + " needs the remote static key");
    }
  }

  /** A builder for one party's handshake state. */
  public static Builder builder(String protocolName, boolean initiator) {
    return new Builder(protocolName, initiator);
  }

  /** Whether every handshake message has been written or read. */
  public boolean isComplete() {
    return messageIndex == pattern.messages().size();
  }

  /** Whether the next message is this party's to write. */
  public boolean isMyTurn() {
    return !isComplete() && (messageIndex % 2 == 0) == initiator;
  }

  /**
   * The peer's static public key once it has been received (or the pre-known one); {@code null}
   * before.
   */
  public byte[] remoteStaticKey() {
    return remoteStatic == null ? null : remoteStatic.clone();
  }

  /**
   * The handshake hash, which identifies the session once the handshake is complete (channel
   * binding).
   */
  public byte[] handshakeHash() {
    return symmetric.handshakeHash();
  }

  /** Writes this party's next handshake message carrying {@code payload}. */
  public byte[] writeMessage(byte[] payload) throws NoiseException {
    checkTurn(true);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (Token token : pattern.messages().get(messageIndex)) {
        switch (token) {
          case E -> {
            if (localEphemeral == null) {
              localEphemeral = X25519.generate(random);
            }
            byte[] pub = localEphemeral.publicKey();
            out.writeBytes(pub);
            symmetric.mixHash(pub);
            if (pattern.pskCount() > 0) {
              symmetric.mixKey(pub);
            }
          }
          case S -> out.writeBytes(symmetric.encryptAndHash(localStatic.publicKey()));
          case PSK -> symmetric.mixKeyAndHash(psks.get(pskIndex++));
          default -> symmetric.mixKey(dh(token));
        }
      }
      out.writeBytes(symmetric.encryptAndHash(payload));
      byte[] message = out.toByteArray();
      if (message.length > MAX_MESSAGE_LENGTH) {
        throw new NoiseException("handshake message longer than 65535 bytes");
      }
      messageIndex++;
      return message;
    } catch (NoiseException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /** Reads the peer's next handshake message and returns its payload. */
  public byte[] readMessage(byte[] message) throws NoiseException {
    checkTurn(false);
    try {
      if (message.length > MAX_MESSAGE_LENGTH) {
        throw new NoiseException("handshake message longer than 65535 bytes");
      }
      int offset = 0;
      for (Token token : pattern.messages().get(messageIndex)) {
        switch (token) {
          case E -> {
            remoteEphemeral = slice(message, offset, DH_LENGTH);
            offset += DH_LENGTH;
            symmetric.mixHash(remoteEphemeral);
            if (pattern.pskCount() > 0) {
              symmetric.mixKey(remoteEphemeral);
            }
          }
          case S -> {
            int length = symmetric.hasKey() ? DH_LENGTH + TAG_LENGTH : DH_LENGTH;
            remoteStatic = symmetric.decryptAndHash(slice(message, offset, length));
            offset += length;
          }
          case PSK -> symmetric.mixKeyAndHash(psks.get(pskIndex++));
          default -> symmetric.mixKey(dh(token));
        }
      }
      byte[] rest = Arrays.copyOfRange(message, offset, message.length);
      if (symmetric.hasKey() && rest.length < TAG_LENGTH) {
        throw new NoiseException("handshake message truncated");
      }
      byte[] payload = symmetric.decryptAndHash(rest);
      messageIndex++;
      return payload;
    } catch (NoiseException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /** The transport states once the handshake is complete. */
  public TransportState split() {
    if (!isComplete() || failed) {
      throw new IllegalStateException("handshake is not complete");
    }
    CipherState[] pair = symmetric.split();
    return initiator
        ? new TransportState(pair[0], pair[1], symmetric.handshakeHash())
        : new TransportState(pair[1], pair[0], symmetric.handshakeHash());
  }

  private void checkTurn(boolean writing) {
    if (failed) {
      throw new IllegalStateException("handshake has failed");
    }
    if (isComplete()) {
      throw new IllegalStateException("handshake is already complete");
    }
    if (isMyTurn() != writing) {
      throw new IllegalStateException(
          writing ? "not this party's turn to write" : "not the peer's turn to write");
    }
  }

  private byte[] dh(Token token) throws NoiseException {
    // Tokens name the initiator's key first: "es" is the initiator's ephemeral with the responder's
    // static.
    boolean initiatorEphemeral = token == Token.EE || token == Token.ES;
    boolean responderEphemeral = token == Token.EE || token == Token.SE;
    boolean localEphemeralUsed = initiator ? initiatorEphemeral : responderEphemeral;
    boolean remoteEphemeralUsed = initiator ? responderEphemeral : initiatorEphemeral;
    X25519.KeyPair local = localEphemeralUsed ? localEphemeral : localStatic;
    byte[] remote = remoteEphemeralUsed ? remoteEphemeral : remoteStatic;
    if (local == null || remote == null) {
      throw new NoiseException("handshake token " + token + " before its keys are known");
    }
    try {
      return X25519.agree(local.privateKey(), remote);
    } catch (InvalidKeyException e) {
      throw new NoiseException("invalid Diffie-Hellman public key", e);
    }
  }

  private static byte[] slice(byte[] message, int offset, int length) throws NoiseException {
    if (message.length - offset < length) {
      throw new NoiseException("handshake message truncated");
    }
    return Arrays.copyOfRange(message, offset, offset + length);
  }

  /** Collects one party's keys and settings for a {@link HandshakeState}. */
  public static final class Builder {
    private final String protocolName;
    private final boolean initiator;
    private SecureRandom random = new SecureRandom();
    private byte[] prologue = new byte[0];
    private X25519.KeyPair localStatic;
    private X25519.KeyPair localEphemeral;
    private byte[] remoteStatic;
    private final List<byte[]> psks = new ArrayList<>();

    private Builder(String protocolName, boolean initiator) {
      this.protocolName = protocolName;
      this.initiator = initiator;
    }

    public Builder prologue(byte[] prologue) {
      this.prologue = prologue.clone();
      return this;
    }

    public Builder localStatic(X25519.KeyPair keyPair) {
      this.localStatic = keyPair;
      return this;
    }

    /** A fixed ephemeral key, for reproducing test vectors only; otherwise one is generated. */
    public Builder localEphemeral(X25519.KeyPair keyPair) {
      this.localEphemeral = keyPair;
      return this;
    }

    public Builder remoteStatic(byte[] publicKey) {
      this.remoteStatic = publicKey.clone();
      return this;
    }

    public Builder psk(byte[] psk) {
      if (psk.length != 32) {
        throw new IllegalArgumentException("Noise psk must be 32 bytes");
      }
      psks.add(psk.clone());
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = random;
      return this;
    }

    public HandshakeState build() {
      return new HandshakeState(this);
    }
  }
}
