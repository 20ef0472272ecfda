package io.parley.protocol.wire;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes length-prefixed frames (see {@link FrameReader}) and flushes each one. Not thread-safe.
 */
public final class FrameWriter {

  private final OutputStream out;
  private final LengthPrefix prefix;
  private final int maxFrameLength;

  public FrameWriter(OutputStream out, LengthPrefix prefix, int maxFrameLength) {
    if (maxFrameLength < 0 || maxFrameLength > prefix.maxLength()) {
      throw new IllegalArgumentException("maximum frame length does not fit the length prefix");
    }
    this.out = out;
    this.prefix = prefix;
    this.maxFrameLength = maxFrameLength;
  }

  /**
   * Writes one frame.
   *
   * @throws IllegalArgumentException if {@code body} is longer than the maximum frame length
   */
  public void writeFrame(byte[] body) throws IOException {
    if (body.length > maxFrameLength) {
      throw new IllegalArgumentException(
          "frame of " + body.length + " bytes exceeds the maximum " + maxFrameLength);
    }
    byte[] frame = new byte[prefix.bytes() + body.length];
    for (int i = 0; i < prefix.bytes(); i++) {
      frame[i] = (byte) (body.length >>> (8 * (prefix.bytes() - 1 - i)));
    }
    System.arraycopy(body, 0, frame, prefix.bytes(), body.length);
    out.write(frame);
    out.flush();
  }
}
