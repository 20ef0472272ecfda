package io.parley.protocol.wire;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * How a business account's traffic is split into shards: a user belongs to shard {@code crc32(the
 * user's account) % count}, as in the On-Premises API's multiconnect. The network and the client
 * compute it the same way.
 */
public final class Shards {

  /** The most shards an account can have. */
  public static final int MAX = 32;

  private Shards() {}

  /** Whether {@code count} is a shard count: 1, 2, 4, 8, 16 or 32. */
  public static boolean valid(int count) {
    return count >= 1 && count <= MAX && Integer.bitCount(count) == 1;
  }

  /** The shard of {@code account} (a user's number, digits only) when there are {@code count}. */
  public static int of(String account, int count) {
    if (!valid(count)) {
      throw new IllegalArgumentException("not a shard count: " + count);
    }
    CRC32 crc = new CRC32();
    crc.update(account.getBytes(StandardCharsets.US_ASCII));
    return (int) (crc.getValue() % count);
  }
}
