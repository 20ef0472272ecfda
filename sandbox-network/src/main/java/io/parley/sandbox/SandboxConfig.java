package io.parley.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * How a sandbox network process is started. Every value has a default and may be set as a system
 * property or a {@code --name=value} argument of the same name (see {@code
 * docs/sandbox-network.md}).
 *
 * @param dataDir where the journal, the network's keys and the media blobs live
 * @param bindAddress the address the transport and media ports listen on
 * @param transportPort the Noise transport port (0 picks a free one)
 * @param mediaPort the media blob HTTP port (0 picks a free one)
 * @param controlPort the control API HTTP port, always on loopback (0 picks a free one)
 * @param sweepInterval how often expired messages and media are looked for
 */
public record SandboxConfig(
    Path dataDir,
    String bindAddress,
    int transportPort,
    int mediaPort,
    int controlPort,
    Duration sweepInterval) {

  /** The configuration named by {@code properties} (unset names take their defaults). */
  public static SandboxConfig from(Properties properties) {
    return new SandboxConfig(
        Path.of(properties.getProperty("sandbox.data-dir", "sandbox-data")),
        properties.getProperty("sandbox.bind-address", "127.0.0.1"),
        Integer.parseInt(properties.getProperty("sandbox.transport-port", "5222")),
        Integer.parseInt(properties.getProperty("sandbox.media-port", "5280")),
        Integer.parseInt(properties.getProperty("sandbox.control-port", "5281")),
        Duration.ofMillis(
            Long.parseLong(properties.getProperty("sandbox.sweep-interval-ms", "1000"))));
  }

  /** A configuration for tests: free ports on loopback, data in {@code dataDir}. */
  public static SandboxConfig ephemeral(Path dataDir) {
    return new SandboxConfig(dataDir, "127.0.0.1", 0, 0, 0, Duration.ofMillis(200));
  }
}
