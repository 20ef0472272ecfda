package io.parley.sandbox;

import io.parley.protocol.crypto.Ed25519;
import io.parley.protocol.crypto.X25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The network's own keys, made on first start and kept in the data folder: the Noise static key
 * clients pin, and the Ed25519 key that signs verified-name certificates. The public halves are
 * also written to {@code network.pub} for clients to read.
 */
record NetworkKeys(X25519.KeyPair transport, Ed25519.KeyPair certificates) {

  static NetworkKeys loadOrCreate(Path dataDir, SecureRandom random) throws IOException {
    Path file = dataDir.resolve("network.key");
    NetworkKeys keys;
    if (Files.exists(file)) {
      String[] lines = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\n");
      keys =
          new NetworkKeys(
              X25519.fromPrivate(Base64.getDecoder().decode(lines[0].trim())),
              Ed25519.fromPrivate(Base64.getDecoder().decode(lines[1].trim())));
    } else {
      keys = new NetworkKeys(X25519.generate(random), Ed25519.generate(random));
      Path temporary = dataDir.resolve("network.key.tmp");
      Files.writeString(
          temporary,
          b64(keys.transport.privateKey()) + "\n" + b64(keys.certificates.privateKey()) + "\n",
          StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system; the data folder's own permissions protect the key.
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.writeString(
        dataDir.resolve("network.pub"),
        "transport_key="
            + b64(keys.transport.publicKey())
            + "\n"
            + "certificate_key="
            + b64(keys.certificates.publicKey())
            + "\n",
        StandardCharsets.US_ASCII);
    return keys;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
