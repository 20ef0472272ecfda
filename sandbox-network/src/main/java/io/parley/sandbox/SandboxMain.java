package io.parley.sandbox;

import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the sandbox network: {@code java -jar parley-sandbox-network.jar [--sandbox.name=value
 * ...]}. Settings come from system properties, overridden by arguments; it runs until stopped.
 */
public final class SandboxMain {

  private SandboxMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$-7s [%3$s] %5$s%6$s%n");
    Properties properties = new Properties();
    properties.putAll(System.getProperties());
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        System.err.println("usage: sandbox-network [--sandbox.<setting>=<value> ...]");
        System.exit(2);
      }
      properties.setProperty(
          arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    SandboxNetwork sandbox = SandboxNetwork.start(SandboxConfig.from(properties));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    sandbox.close();
                  } catch (Exception e) {
                    System.err.println("sandbox: unclean stop: " + e.getMessage());
                  }
                  stopped.countDown();
                }));
    System.out.println(
        "Sandbox network up: transport port "
            + sandbox.transportPort()
            + ", media port "
            + sandbox.mediaPort()
            + ", control API http://127.0.0.1:"
            + sandbox.controlPort()
            + "/control/network");
    System.out.println(
        "Network transport key (pin this): "
            + Base64.getEncoder().encodeToString(sandbox.transportKey()));
    stopped.await();
  }
}
