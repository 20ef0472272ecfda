package io.parley.protocol.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the Protocol Buffers binary encoding (varint, 64-bit and length-delimited fields), so that
 * Parley's payloads are readable by any protobuf implementation of {@code parley.proto} without a
 * protobuf runtime in the jar. Fields holding their default value (zero, false, empty) are omitted,
 * as proto3 does.
 */
public final class ProtoWriter {

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** An unsigned 32-bit field (proto {@code uint32}); {@code value} is read as unsigned. */
  public ProtoWriter uint32(int field, int value) {
    return uint64(field, Integer.toUnsignedLong(value));
  }

  /** An unsigned 64-bit field (proto {@code uint64}); {@code value} is read as unsigned. */
  public ProtoWriter uint64(int field, long value) {
    if (value != 0) {
      tag(field, VARINT);
      varint(value);
    }
    return this;
  }

  /** A double field (proto {@code double}, little-endian fixed 64 bits); zero is omitted. */
  public ProtoWriter float64(int field, double value) {
    if (value != 0.0 || Double.doubleToRawLongBits(value) != 0) {
      tag(field, FIXED64);
      long bits = Double.doubleToRawLongBits(value);
      for (int i = 0; i < 8; i++) {
        out.write((int) (bits >>> (8 * i)));
      }
    }
    return this;
  }

  /** A boolean field. */
  public ProtoWriter bool(int field, boolean value) {
    return uint64(field, value ? 1 : 0);
  }

  /** A bytes field; {@code null} and empty are omitted. */
  public ProtoWriter bytes(int field, byte[] value) {
    if (value != null && value.length > 0) {
      tag(field, LENGTH_DELIMITED);
      varint(value.length);
      out.writeBytes(value);
    }
    return this;
  }

  /** A string field in UTF-8; {@code null} and empty are omitted. */
  public ProtoWriter string(int field, String value) {
    return value == null ? this : bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An embedded message field, written even when empty so that its presence is kept; {@code null}
   * is omitted.
   */
  public ProtoWriter message(int field, ProtoWriter message) {
    if (message != null) {
      byte[] body = message.toByteArray();
      tag(field, LENGTH_DELIMITED);
      varint(body.length);
      out.writeBytes(body);
    }
    return this;
  }

  /** The encoding written so far. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    if (field < 1 || field > ProtoReader.MAX_FIELD_NUMBER) {
      throw new IllegalArgumentException("field number out of range: " + field);
    }
    varint(((long) field << 3) | wireType);
  }

  private void varint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
