package io.parley.protocol.noise;

import io.parley.protocol.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A Noise SymmetricState: the chaining key, the handshake hash and the handshake's {@link
 * CipherState}. The Noise HKDF is RFC 5869 HKDF with the chaining key as salt and empty info.
 */
final class SymmetricState {

  static final int HASH_LENGTH = 32;

  private final CipherState cipher = new CipherState();
  private byte[] chainingKey;
  private byte[] hash;

  SymmetricState(String protocolName) {
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    hash = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256(name);
    chainingKey = hash.clone();
  }

  void mixKey(byte[] inputKeyMaterial) {
    byte[][] out = hkdf(inputKeyMaterial, 2);
    chainingKey = out[0];
    cipher.initializeKey(out[1]);
  }

  void mixHash(byte[] data) {
    hash = sha256(hash, data);
  }

  void mixKeyAndHash(byte[] inputKeyMaterial) {
    byte[][] out = hkdf(inputKeyMaterial, 3);
    chainingKey = out[0];
    mixHash(out[1]);
    cipher.initializeKey(out[2]);
  }

  boolean hasKey() {
    return cipher.hasKey();
  }

  byte[] handshakeHash() {
    return hash.clone();
  }

  byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
    byte[] ciphertext = cipher.encryptWithAd(hash, plaintext);
    mixHash(ciphertext);
    return ciphertext;
  }

  byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
    byte[] plaintext = cipher.decryptWithAd(hash, ciphertext);
    mixHash(ciphertext);
    return plaintext;
  }

  /** The two transport cipher states: initiator-to-responder first. */
  CipherState[] split() {
    byte[][] out = hkdf(new byte[0], 2);
    return new CipherState[] {new CipherState(out[0]), new CipherState(out[1])};
  }

  private byte[][] hkdf(byte[] inputKeyMaterial, int outputs) {
    byte[] okm = Hkdf.derive(chainingKey, inputKeyMaterial, new byte[0], outputs * HASH_LENGTH);
    byte[][] out = new byte[outputs][];
    for (int i = 0; i < outputs; i++) {
      out[i] = Arrays.copyOfRange(okm, i * HASH_LENGTH, (i + 1) * HASH_LENGTH);
    }
    return out;
  }

  private static byte[] sha256(byte[]... parts) {
    SHA256Digest digest = new SHA256Digest();
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[HASH_LENGTH];
    digest.doFinal(out, 0);
    return out;
  }
}
