package io.parley.protocol.ratchet;

import java.security.GeneralSecurityException;

/**
 * A message or bundle that cannot be accepted: it does not authenticate (tampered, or meant for
 * another session), it was already decrypted (replay), it would skip too many messages, it is
 * malformed, or a prekey signature is wrong. The session is left exactly as it was before the
 * failed call.
 */
public class RatchetException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public RatchetException(String message) {
    super(message);
  }

  public RatchetException(String message, Throwable cause) {
    super(message, cause);
  }
}
