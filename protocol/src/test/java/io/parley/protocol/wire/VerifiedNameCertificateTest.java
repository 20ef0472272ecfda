package io.parley.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.protocol.crypto.Ed25519;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class VerifiedNameCertificateTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void issuedCertificateVerifiesAfterABase64RoundTrip() throws WireFormatException {
    Ed25519.KeyPair network = Ed25519.generate(RANDOM);
    VerifiedNameCertificate issued =
        VerifiedNameCertificate.issue(
            "1", "5550001111", "Acme Shoes", 1_700_000_000L, network.privateKey());

    VerifiedNameCertificate read = VerifiedNameCertificate.fromBase64(issued.toBase64());

    assertEquals("Acme Shoes", read.verifiedName());
    assertEquals("5550001111", read.phoneNumber());
    assertTrue(read.isSignedBy(network.publicKey()));
    assertFalse(read.isSignedBy(Ed25519.generate(RANDOM).publicKey()));
  }

  @Test
  void alteredNameNoLongerVerifies() {
    Ed25519.KeyPair network = Ed25519.generate(RANDOM);
    VerifiedNameCertificate issued =
        VerifiedNameCertificate.issue("1", "5550001111", "Acme Shoes", 1L, network.privateKey());
    VerifiedNameCertificate forged =
        new VerifiedNameCertificate("1", "5550001111", "Acme Bank", 1L, issued.signature());

    assertFalse(forged.isSignedBy(network.publicKey()));
  }

  @Test
  void malformedInputIsRefused() {
    assertThrows(WireFormatException.class, () -> VerifiedNameCertificate.fromBase64("%%%"));
    assertThrows(
        WireFormatException.class, () -> VerifiedNameCertificate.decode(new byte[] {10, 1, 49}));
  }
}
