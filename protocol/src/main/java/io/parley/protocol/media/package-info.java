/**
 * Media encryption: a random 32-byte media key per file, expanded with HKDF-SHA256 into an IV, an
 * AES-256 key and an HMAC-SHA256 key; the file is encrypted with AES-256-CBC (PKCS#7 padding) and
 * the MAC over IV and ciphertext is appended. The network stores only the encrypted file; the
 * message carries the key and both SHA-256 hashes. All work is streamed, so a 100 MB file never
 * sits in memory, and decryption verifies before it releases a byte.
 */
package io.parley.protocol.media;
