package io.parley.protocol.wire;

/** The size of a frame's big-endian length prefix, and the largest length it can express. */
public enum LengthPrefix {
  TWO_BYTES(2, 0xFFFF),
  FOUR_BYTES(4, Integer.MAX_VALUE);

  private final int bytes;
  private final int maxLength;

  LengthPrefix(int bytes, int maxLength) {
    this.bytes = bytes;
    this.maxLength = maxLength;
  }

  /** The number of prefix bytes. */
  public int bytes() {
    return bytes;
  }

  /** The largest frame length the prefix can express. */
  public int maxLength() {
    return maxLength;
  }
}
