package io.parley.protocol.noise;

/**
 * The result of a completed handshake: the cipher state for each direction and the handshake hash.
 *
 * @param sender encrypts what this party sends
 * @param receiver decrypts what the peer sends
 * @param handshakeHash the final handshake hash, unique to the session
 */
public record TransportState(CipherState sender, CipherState receiver, byte[] handshakeHash) {

  public TransportState {
    handshakeHash = handshakeHash.clone();
  }

  @Override
  public byte[] handshakeHash() {
    return handshakeHash.clone();
  }
}
