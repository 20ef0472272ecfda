/**
 * The Noise Protocol Framework (revision 34) with the 25519/AESGCM/SHA256 suite: the handshake
 * state machine ({@link io.parley.protocol.noise.HandshakeState}), the transport cipher states, and
 * the Parley transport built on them ({@link io.parley.protocol.noise.NoiseHandshake} and {@link
 * io.parley.protocol.noise.NoiseChannel}) that runs {@code Noise_XX_25519_AESGCM_SHA256} over
 * length-prefixed frames with the server's static key pinned.
 */
package io.parley.protocol.noise;
