package io.parley.protocol.media;

import io.parley.protocol.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys expanded from a media key: HKDF-SHA256(salt = 32 zero bytes, ikm = media key, info =
 * "Parley Media Keys") to 80 bytes, split into IV (16), AES-256 key (32) and HMAC-SHA256 key (32).
 */
record MediaKeys(byte[] iv, byte[] cipherKey, byte[] macKey) {

  static final int MEDIA_KEY_LENGTH = 32;
  private static final byte[] INFO = "Parley Media Keys".getBytes(StandardCharsets.US_ASCII);

  static MediaKeys expand(byte[] mediaKey) {
    byte[] okm = Hkdf.derive(null, mediaKey, INFO, 80);
    return new MediaKeys(
        Arrays.copyOfRange(okm, 0, 16),
        Arrays.copyOfRange(okm, 16, 48),
        Arrays.copyOfRange(okm, 48, 80));
  }
}
