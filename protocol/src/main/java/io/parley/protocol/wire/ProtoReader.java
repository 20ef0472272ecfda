package io.parley.protocol.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the Protocol Buffers binary encoding from a byte array, refusing anything malformed with
 * {@link WireFormatException}: truncated fields, over-long varints, lengths beyond the input,
 * invalid UTF-8, deprecated group fields, or nesting deeper than {@link #MAX_DEPTH}. Unknown fields
 * are skipped, so old readers accept newer writers. It never reads past its slice and never
 * allocates more than the slice holds.
 */
public final class ProtoReader {

  /** The largest protobuf field number. */
  public static final int MAX_FIELD_NUMBER = (1 << 29) - 1;

  /** How deep embedded messages may nest. */
  public static final int MAX_DEPTH = 16;

  private final byte[] buffer;
  private final int limit;
  private final int depth;
  private int position;
  private int wireType = -1;

  private ProtoReader(byte[] buffer, int offset, int limit, int depth) {
    this.buffer = buffer;
    this.position = offset;
    this.limit = limit;
    this.depth = depth;
  }

  /** A reader over the whole of {@code bytes}. */
  public static ProtoReader of(byte[] bytes) {
    return new ProtoReader(bytes, 0, bytes.length, 0);
  }

  /** Whether another field follows. */
  public boolean hasMore() {
    return position < limit;
  }

  /**
   * The next field's number; its value must then be read with one of the typed methods or {@link
   * #skip()}.
   */
  public int nextField() throws WireFormatException {
    long tag = varint();
    int type = (int) (tag & 7);
    long field = tag >>> 3;
    if (field < 1 || field > MAX_FIELD_NUMBER) {
      throw new WireFormatException("invalid field number " + field);
    }
    if (type != 0 && type != 1 && type != 2 && type != 5) {
      throw new WireFormatException("unsupported wire type " + type);
    }
    wireType = type;
    return (int) field;
  }

  /** The current field as an unsigned 64-bit value. */
  public long uint64() throws WireFormatException {
    expect(0);
    return varint();
  }

  /** The current field as an unsigned 32-bit value (returned in an {@code int}). */
  public int uint32() throws WireFormatException {
    long value = uint64();
    if ((value >>> 32) != 0) {
      throw new WireFormatException("uint32 field out of range");
    }
    return (int) value;
  }

  /**
   * The current field as an unsigned 32-bit value that must also fit a non-negative {@code int}.
   */
  public int uint31() throws WireFormatException {
    int value = uint32();
    if (value < 0) {
      throw new WireFormatException("value out of range");
    }
    return value;
  }

  /** The current field as a double, which must be finite. */
  public double float64() throws WireFormatException {
    expect(1);
    if (limit - position < 8) {
      throw new WireFormatException("truncated 64-bit field");
    }
    long bits = 0;
    for (int i = 7; i >= 0; i--) {
      bits = (bits << 8) | (buffer[position + i] & 0xFF);
    }
    position += 8;
    double value = Double.longBitsToDouble(bits);
    if (!Double.isFinite(value)) {
      throw new WireFormatException("double field is not finite");
    }
    return value;
  }

  /** The current field as a boolean (0 or 1). */
  public boolean bool() throws WireFormatException {
    long value = uint64();
    if (value > 1) {
      throw new WireFormatException("bool field out of range");
    }
    return value == 1;
  }

  /** The current field as bytes. */
  public byte[] bytes() throws WireFormatException {
    int length = lengthPrefix();
    byte[] value = Arrays.copyOfRange(buffer, position, position + length);
    position += length;
    return value;
  }

  /** The current field as bytes of exactly {@code length}. */
  public byte[] bytes(int length) throws WireFormatException {
    byte[] value = bytes();
    if (value.length != length) {
      throw new WireFormatException("expected " + length + " bytes, got " + value.length);
    }
    return value;
  }

  /** The current field as strictly valid UTF-8 text. */
  public String string() throws WireFormatException {
    int length = lengthPrefix();
    try {
      String value =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buffer, position, length))
              .toString();
      position += length;
      return value;
    } catch (CharacterCodingException e) {
      throw new WireFormatException("string field is not valid UTF-8");
    }
  }

  /** The current field as an embedded message. */
  public ProtoReader message() throws WireFormatException {
    if (depth + 1 > MAX_DEPTH) {
      throw new WireFormatException("messages nested deeper than " + MAX_DEPTH);
    }
    int length = lengthPrefix();
    ProtoReader nested = new ProtoReader(buffer, position, position + length, depth + 1);
    position += length;
    return nested;
  }

  /** Skips the current field's value (an unknown field). */
  public void skip() throws WireFormatException {
    switch (wireType) {
      case 0 -> varint();
      case 1 -> advance(8);
      case 2 -> advance(lengthPrefix());
      case 5 -> advance(4);
      default -> throw new IllegalStateException("no current field");
    }
    wireType = -1;
  }

  private void expect(int type) throws WireFormatException {
    if (wireType != type) {
      throw new WireFormatException("field has wire type " + wireType + ", expected " + type);
    }
    wireType = -1;
  }

  private int lengthPrefix() throws WireFormatException {
    expect(2);
    long length = varint();
    // A varint of 2^63 or more reads as negative here.
    if (length < 0 || length > limit - position) {
      throw new WireFormatException("length-delimited field runs past the end of its message");
    }
    return (int) length;
  }

  private void advance(int count) throws WireFormatException {
    if (count > limit - position) {
      throw new WireFormatException("field runs past the end of its message");
    }
    position += count;
  }

  private long varint() throws WireFormatException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= limit) {
        throw new WireFormatException("truncated varint");
      }
      byte b = buffer[position++];
      if (shift == 63 && (b & 0xFE) != 0) {
        throw new WireFormatException("varint overflows 64 bits");
      }
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new WireFormatException("varint longer than 10 bytes");
  }
}
