/**
 * Thin wrappers over the Bouncy Castle lightweight primitives that the protocol uses (X25519,
 * Ed25519, HKDF-SHA256, HMAC-SHA256, AES-GCM), so that every feature package calls them the same
 * way and the Wycheproof tests exercise exactly the code paths the protocol runs.
 */
package io.parley.protocol.crypto;
