package io.parley.core.health;

import java.util.Locale;

/** The values of {@code gateway_status}. */
public enum GatewayStatus {
  CONNECTED,
  CONNECTING,
  DISCONNECTED,
  UNINITIALIZED,
  UNREGISTERED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
