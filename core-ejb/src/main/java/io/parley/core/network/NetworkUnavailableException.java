package io.parley.core.network;

import jakarta.ejb.ApplicationException;

/**
 * The network could not be reached or did not answer in time. Work that needs it rolls back and is
 * tried again later; nothing is lost.
 */
@ApplicationException(rollback = true)
public class NetworkUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NetworkUnavailableException(String message) {
    super(message);
  }

  public NetworkUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
