/**
 * The wire format: length-prefixed frames on a byte stream ({@link
 * io.parley.protocol.wire.FrameReader}, {@link io.parley.protocol.wire.FrameWriter}) and the
 * versioned payload schema carried inside them. Every decoder here refuses malformed input with
 * {@link io.parley.protocol.wire.WireFormatException}, reads only what the input holds, and
 * allocates no more than the input's length.
 */
package io.parley.protocol.wire;
