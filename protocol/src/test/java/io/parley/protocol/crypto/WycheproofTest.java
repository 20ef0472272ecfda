package io.parley.protocol.crypto;

import static io.parley.protocol.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.parley.protocol.testing.Vectors;
import jakarta.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Every case of the shared Wycheproof files runs through the wrappers the protocol uses and gets
 * the file's verdict: a valid case gives the expected output, an invalid case is refused, an
 * acceptable case either gives the expected output or is refused (never a different output).
 */
class WycheproofTest {

  @TestFactory
  Stream<DynamicTest> x25519() {
    return cases(
        "x25519_test.json",
        (group, test) -> {
          byte[] expected = hex(test.getString("shared"));
          try {
            byte[] shared =
                X25519.agree(hex(test.getString("private")), hex(test.getString("public")));
            assertArrayEquals(expected, shared);
            assertFalse(isInvalid(test), "an invalid case was accepted");
          } catch (InvalidKeyException e) {
            if (isValid(test)) {
              fail("a valid case was refused", e);
            }
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> ed25519() {
    return cases(
        "ed25519_test.json",
        (group, test) -> {
          byte[] publicKey = hex(group.getJsonObject("publicKey").getString("pk"));
          boolean verified =
              Ed25519.verify(publicKey, hex(test.getString("msg")), hex(test.getString("sig")));
          if (isValid(test)) {
            assertTrue(verified, "a valid signature was refused");
          } else if (isInvalid(test)) {
            assertFalse(verified, "an invalid signature was accepted");
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> hkdfSha256() {
    return cases(
        "hkdf_sha256_test.json",
        (group, test) -> {
          byte[] salt = hex(test.getString("salt"));
          byte[] ikm = hex(test.getString("ikm"));
          byte[] info = hex(test.getString("info"));
          int size = test.getInt("size");
          if (isInvalid(test)) {
            assertThrows(IllegalArgumentException.class, () -> Hkdf.derive(salt, ikm, info, size));
          } else {
            assertArrayEquals(hex(test.getString("okm")), Hkdf.derive(salt, ikm, info, size));
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> hmacSha256() {
    return cases(
        "hmac_sha256_test.json",
        (group, test) -> {
          byte[] key = hex(test.getString("key"));
          byte[] msg = hex(test.getString("msg"));
          byte[] tag = hex(test.getString("tag"));
          int tagLength = group.getInt("tagSize") / 8;
          boolean verified = Hmac.verify(key, msg, tag, tagLength);
          if (isValid(test)) {
            assertTrue(verified, "a valid tag was refused");
            assertArrayEquals(tag, Arrays.copyOf(Hmac.sha256(key, msg), tagLength));
          } else if (isInvalid(test)) {
            assertFalse(verified, "an invalid tag was accepted");
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> aesGcm() {
    return cases(
        "aes_gcm_test.json",
        (group, test) -> {
          byte[] key = hex(test.getString("key"));
          byte[] iv = hex(test.getString("iv"));
          byte[] aad = hex(test.getString("aad"));
          byte[] msg = hex(test.getString("msg"));
          byte[] sealed = concat(hex(test.getString("ct")), hex(test.getString("tag")));
          if (isValid(test)) {
            assertArrayEquals(sealed, AesGcm.seal(key, iv, aad, msg));
            assertArrayEquals(msg, AesGcm.open(key, iv, aad, sealed));
          } else if (isInvalid(test)) {
            assertThrows(GeneralSecurityException.class, () -> AesGcm.open(key, iv, aad, sealed));
          } else {
            try {
              assertArrayEquals(msg, AesGcm.open(key, iv, aad, sealed));
            } catch (GeneralSecurityException refused) {
              // An acceptable case may be refused.
            }
          }
        });
  }

  /** One case's check, given its group and the case itself. */
  private interface CaseCheck {
    void check(JsonObject group, JsonObject test) throws Exception;
  }

  private static Stream<DynamicTest> cases(String file, CaseCheck check) {
    JsonObject root = Vectors.read("wycheproof/" + file);
    List<JsonObject> groups = root.getJsonArray("testGroups").getValuesAs(JsonObject.class);
    List<DynamicTest> tests =
        groups.stream()
            .flatMap(
                group ->
                    group.getJsonArray("tests").getValuesAs(JsonObject.class).stream()
                        .map(test -> caseTest(group, test, check)))
            .toList();
    assertEquals(root.getInt("numberOfTests"), tests.size(), "every case of " + file + " is run");
    return tests.stream();
  }

  private static DynamicTest caseTest(JsonObject group, JsonObject test, CaseCheck check) {
    String name =
        "tcId "
            + test.getInt("tcId")
            + " "
            + test.getString("result")
            + " "
            + test.getString("comment");
    Executable executable = () -> check.check(group, test);
    return DynamicTest.dynamicTest(name, executable);
  }

  private static boolean isValid(JsonObject test) {
    return "valid".equals(test.getString("result"));
  }

  private static boolean isInvalid(JsonObject test) {
    return "invalid".equals(test.getString("result"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
