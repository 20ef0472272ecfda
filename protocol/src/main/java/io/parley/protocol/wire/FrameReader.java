package io.parley.protocol.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads length-prefixed frames from a stream: a big-endian length of {@link LengthPrefix#bytes()}
 * bytes, then that many bytes. A length above the configured maximum is refused before any of the
 * body is read or allocated. Not thread-safe.
 */
public final class FrameReader {

  private final InputStream in;
  private final LengthPrefix prefix;
  private final int maxFrameLength;

  public FrameReader(InputStream in, LengthPrefix prefix, int maxFrameLength) {
    if (maxFrameLength < 0 || maxFrameLength > prefix.maxLength()) {
      throw new IllegalArgumentException("maximum frame length does not fit the length prefix");
    }
    this.in = in;
    this.prefix = prefix;
    this.maxFrameLength = maxFrameLength;
  }

  /**
   * The next frame's body, or {@code null} if the stream ended cleanly between frames.
   *
   * @throws EOFException if the stream ended inside a frame
   * @throws WireFormatException if the announced length exceeds the maximum
   */
  public byte[] readFrame() throws IOException {
    long length = 0;
    for (int i = 0; i < prefix.bytes(); i++) {
      int b = in.read();
      if (b < 0) {
        if (i == 0) {
          return null;
        }
        throw new EOFException("stream ended inside a frame length");
      }
      length = (length << 8) | b;
    }
    if (length > maxFrameLength) {
      throw new WireFormatException(
          "frame of " + length + " bytes exceeds the maximum " + maxFrameLength);
    }
    // readNBytes grows its buffer as data arrives, so a large announced length costs nothing until
    // it is sent.
    byte[] body = in.readNBytes((int) length);
    if (body.length != length) {
      throw new EOFException("stream ended inside a frame body");
    }
    return body;
  }
}
