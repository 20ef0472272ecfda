package io.parley.core.certificates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TlsIdentityTest {

  @Test
  void generatedIdentitySurvivesItsPemForm() {
    TlsIdentity generated = SelfSignedCertificates.generate();

    TlsIdentity parsed = TlsIdentity.parse(generated.keyPem() + generated.chainPem());

    assertArrayEquals(generated.key().getEncoded(), parsed.key().getEncoded());
    assertEquals(generated.chain(), parsed.chain());
  }

  @Test
  void selfSignedLeafIsSignedByItsCa() throws Exception {
    TlsIdentity generated = SelfSignedCertificates.generate();

    generated.leaf().verify(generated.root().getPublicKey());
    assertEquals(2, generated.chain().size());
  }

  @Test
  void pemWithoutKeyIsRefused() {
    TlsIdentity generated = SelfSignedCertificates.generate();

    assertThrows(IllegalArgumentException.class, () -> TlsIdentity.parse(generated.chainPem()));
  }

  @Test
  void garbageIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            TlsIdentity.parse(
                "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"));
  }
}
