/**
 * End-to-end encryption between devices: X3DH key agreement ({@link
 * io.parley.protocol.ratchet.X3dh}) over an identity key, a signed prekey and an optional one-time
 * prekey, then the Double Ratchet ({@link io.parley.protocol.ratchet.Session}) per the Signal
 * specifications, with session state serialisable to bytes.
 *
 * <p>Identity keys: a device's identity is a pair of keys, an X25519 key for the X3DH
 * Diffie-Hellman and an Ed25519 key that signs the prekeys (instead of XEdDSA, which would need a
 * hand-made conversion of one key into the other). Both public keys together are the identity that
 * users compare.
 */
package io.parley.protocol.ratchet;
