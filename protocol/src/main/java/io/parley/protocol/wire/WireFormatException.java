package io.parley.protocol.wire;

import java.io.IOException;

/**
 * Input that is not a well-formed frame or payload: a bad length, a truncated field, an unknown
 * version.
 */
public class WireFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message);
  }
}
