package io.parley.protocol.ratchet;

import io.parley.protocol.crypto.X25519;
import java.security.SecureRandom;

/**
 * A one-time X25519 prekey: handed out in at most one bundle and deleted once a session has used
 * it. Ids are positive.
 */
public record OneTimePreKey(int id, X25519.KeyPair keyPair) {

  /** Ids are positive: zero means "no one-time prekey" on the wire. */
  public OneTimePreKey {
    if (id < 1) {
      throw new IllegalArgumentException("one-time prekey id must be positive");
    }
  }

  /** A new one-time prekey. */
  public static OneTimePreKey generate(int id, SecureRandom random) {
    return new OneTimePreKey(id, X25519.generate(random));
  }
}
