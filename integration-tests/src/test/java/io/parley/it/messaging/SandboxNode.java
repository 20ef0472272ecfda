package io.parley.it.messaging;

import io.parley.it.StandaloneServer;
import io.parley.it.webhooks.TestWebhookReceiver;

/**
 * A WildFly of a test's own on the end-to-end tests' sandbox network, with a webhook receiver for
 * its callbacks, for the tests that kill or restart their server or size its heap. Closing it stops
 * both.
 */
public record SandboxNode(StandaloneServer server, TestWebhookReceiver webhook, Sandbox sandbox)
    implements AutoCloseable {

  /** Points {@code server} at the sandbox network, prepares it and starts it. */
  public static SandboxNode start(StandaloneServer server) throws Exception {
    Sandbox sandbox = Sandbox.get();
    TestWebhookReceiver webhook = TestWebhookReceiver.start();
    SandboxNode node = new SandboxNode(server, webhook, sandbox);
    try {
      server.withSandboxNetwork().prepare().start();
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
    return node;
  }

  @Override
  public void close() throws InterruptedException {
    try {
      server.close();
    } finally {
      webhook.close();
    }
  }
}
