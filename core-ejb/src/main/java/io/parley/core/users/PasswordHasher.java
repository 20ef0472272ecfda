package io.parley.core.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes passwords with Argon2id (Bouncy Castle) and stores them in the PHC string format, {@code
 * $argon2id$v=19$m=...,t=...,p=...$salt$hash}, so that the cost can be raised later without
 * invalidating stored hashes.
 */
public final class PasswordHasher {

  /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
  private static final int MEMORY_KIB = 19 * 1024;

  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A hash that no password matches, verified against unknown users to keep timing even. */
  private static final String DECOY = new PasswordHasher().hash("decoy-password-never-used");

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m="
        + MEMORY_KIB
        + ",t="
        + ITERATIONS
        + ",p="
        + PARALLELISM
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /** Whether {@code password} matches {@code stored}; false for anything malformed. */
  public boolean verify(String password, String stored) {
    String[] parts = stored.split("\\$");
    // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    try {
      int memory = 0;
      int iterations = 0;
      int parallelism = 0;
      for (String parameter : parts[3].split(",")) {
        int value = Integer.parseInt(parameter.substring(2));
        switch (parameter.charAt(0)) {
          case 'm' -> memory = value;
          case 't' -> iterations = value;
          case 'p' -> parallelism = value;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64_DECODER.decode(parts[4]);
      byte[] expected = B64_DECODER.decode(parts[5]);
      byte[] actual = derive(password, salt, memory, iterations, parallelism, expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      return false;
    }
  }

  /** Spends the time of one verification, for a login of a user that does not exist. */
  public void verifyDecoy(String password) {
    verify(password, DECOY);
  }

  private static byte[] derive(
      String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
