package io.parley.protocol.media;

/**
 * What a message says about an attachment so the receiver can fetch, verify and decrypt it: the
 * media key, the SHA-256 of the plaintext and of the encrypted file, and both lengths.
 */
public record MediaDescriptor(
    byte[] mediaKey,
    byte[] plaintextSha256,
    byte[] encryptedSha256,
    long plaintextLength,
    long encryptedLength) {

  public MediaDescriptor {
    if (mediaKey.length != MediaKeys.MEDIA_KEY_LENGTH) {
      throw new IllegalArgumentException("media key must be 32 bytes");
    }
    if (plaintextSha256.length != 32 || encryptedSha256.length != 32) {
      throw new IllegalArgumentException("SHA-256 hashes are 32 bytes");
    }
    if (plaintextLength < 0 || encryptedLength < 0) {
      throw new IllegalArgumentException("lengths are not negative");
    }
    mediaKey = mediaKey.clone();
    plaintextSha256 = plaintextSha256.clone();
    encryptedSha256 = encryptedSha256.clone();
  }

  @Override
  public byte[] mediaKey() {
    return mediaKey.clone();
  }

  @Override
  public byte[] plaintextSha256() {
    return plaintextSha256.clone();
  }

  @Override
  public byte[] encryptedSha256() {
    return encryptedSha256.clone();
  }
}
