package io.parley.protocol.noise;

import java.security.GeneralSecurityException;

/**
 * A Noise handshake or transport failure: a message that does not authenticate, a malformed
 * handshake message, an exhausted nonce, or a remote static key that is not the pinned one. The
 * session must be abandoned.
 */
public class NoiseException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public NoiseException(String message) {
    super(message);
  }

  public NoiseException(String message, Throwable cause) {
    super(message, cause);
  }
}
