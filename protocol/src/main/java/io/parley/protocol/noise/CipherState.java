package io.parley.protocol.noise;

import io.parley.protocol.crypto.AesGcm;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * A Noise CipherState: an AES-256-GCM key and a 64-bit nonce counter. Nonce 2<sup>64</sup>-1 is
 * reserved (used only by {@link #rekey()}), so a state that has used 2<sup>64</sup>-1 nonces
 * refuses to encrypt or decrypt again. Not thread-safe.
 */
public final class CipherState {

  /** The reserved nonce, 2<sup>64</sup>-1 as an unsigned long. */
  static final long MAX_NONCE = -1L;

  private byte[] key;
  private long nonce;

  /** A state with no key: encryption and decryption pass data through unchanged. */
  public CipherState() {}

  /** A state keyed with {@code key} (32 bytes) and nonce zero. */
  public CipherState(byte[] key) {
    initializeKey(key);
  }

  /** Sets the key and resets the nonce to zero; {@code null} empties the key. */
  public void initializeKey(byte[] key) {
    if (key != null && key.length != 32) {
      throw new IllegalArgumentException("Noise cipher key must be 32 bytes");
    }
    this.key = key == null ? null : key.clone();
    this.nonce = 0;
  }

  /** Whether the state has a key. */
  public boolean hasKey() {
    return key != null;
  }

  /** The next nonce, as an unsigned 64-bit value. */
  public long nonce() {
    return nonce;
  }

  /** Sets the next nonce (Noise {@code SetNonce}), for example to test exhaustion. */
  public void setNonce(long nonce) {
    this.nonce = nonce;
  }

  /**
   * Encrypts {@code plaintext} with associated data {@code ad}; the plaintext itself when there is
   * no key.
   */
  public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
    if (key == null) {
      return plaintext.clone();
    }
    checkNonce();
    try {
      byte[] out = AesGcm.seal(key, nonceBytes(nonce), ad, plaintext);
      nonce++;
      return out;
    } catch (GeneralSecurityException e) {
      throw new NoiseException("encryption failed", e);
    }
  }

  /** Decrypts {@code ciphertext}; the nonce advances only when the tag verifies. */
  public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
    if (key == null) {
      return ciphertext.clone();
    }
    checkNonce();
    try {
      byte[] out = AesGcm.open(key, nonceBytes(nonce), ad, ciphertext);
      nonce++;
      return out;
    } catch (GeneralSecurityException e) {
      throw new NoiseException("message does not authenticate", e);
    }
  }

  /**
   * Noise {@code REKEY}: the key becomes the first 32 bytes of the encryption of 32 zero bytes
   * under nonce 2<sup>64</sup>-1. The nonce counter is unchanged.
   */
  public void rekey() throws NoiseException {
    if (key == null) {
      throw new IllegalStateException("cannot rekey a cipher state without a key");
    }
    try {
      byte[] out = AesGcm.seal(key, nonceBytes(MAX_NONCE), new byte[0], new byte[32]);
      key = Arrays.copyOf(out, 32);
    } catch (GeneralSecurityException e) {
      throw new NoiseException("rekey failed", e);
    }
  }

  private void checkNonce() throws NoiseException {
    if (nonce == MAX_NONCE) {
      throw new NoiseException("nonce exhausted: the session must be replaced");
    }
  }

  /** AESGCM nonce encoding: 32 bits of zeros followed by the big-endian 64-bit counter. */
  private static byte[] nonceBytes(long n) {
    byte[] out = new byte[12];
    for (int i = 0; i < 8; i++) {
      out[4 + i] = (byte) (n >>> (56 - 8 * i));
    }
    return out;
  }
}
