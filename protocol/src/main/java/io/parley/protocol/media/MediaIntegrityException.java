package io.parley.protocol.media;

import java.security.GeneralSecurityException;

/**
 * An encrypted media file whose length, hash or MAC is not the expected one; no plaintext was
 * released.
 */
public class MediaIntegrityException extends GeneralSecurityException {

  private static final long serialVersionUID = 1L;

  public MediaIntegrityException(String message) {
    super(message);
  }
}
