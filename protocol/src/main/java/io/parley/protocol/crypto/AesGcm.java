package io.parley.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** AES-GCM with a 128-bit tag appended to the ciphertext (the layout Noise and the ratchet use). */
public final class AesGcm {

  /** Length in bytes of the authentication tag. */
  public static final int TAG_LENGTH = 16;

  private AesGcm() {}

  /**
   * {@code ciphertext || tag} of {@code plaintext}.
   *
   * @throws GeneralSecurityException if the key is not 16, 24 or 32 bytes or the nonce is empty
   */
  public static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext)
      throws GeneralSecurityException {
    GCMModeCipher cipher = init(true, key, nonce, aad);
    byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
    int n = cipher.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      cipher.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new GeneralSecurityException("AES-GCM encryption failed", e);
    }
    return out;
  }

  /**
   * The plaintext of {@code ciphertext || tag}.
   *
   * @throws AEADBadTagException if the tag does not match
   * @throws GeneralSecurityException if the key is not 16, 24 or 32 bytes or the nonce is empty
   */
  public static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
      throws GeneralSecurityException {
    if (ciphertextAndTag.length < TAG_LENGTH) {
      throw new AEADBadTagException("AES-GCM ciphertext shorter than its tag");
    }
    GCMModeCipher cipher = init(false, key, nonce, aad);
    byte[] out = new byte[cipher.getOutputSize(ciphertextAndTag.length)];
    int n = cipher.processBytes(ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
    try {
      cipher.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new AEADBadTagException("AES-GCM tag mismatch");
    }
    return out;
  }

  private static GCMModeCipher init(boolean encrypt, byte[] key, byte[] nonce, byte[] aad)
      throws GeneralSecurityException {
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new InvalidKeyException("AES key must be 16, 24 or 32 bytes");
    }
    if (nonce.length == 0) {
      throw new InvalidAlgorithmParameterException("AES-GCM nonce must not be empty");
    }
    GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
    cipher.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
    return cipher;
  }
}
