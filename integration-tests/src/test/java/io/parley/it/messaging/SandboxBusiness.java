package io.parley.it.messaging;

import io.parley.it.ApiClient;
import io.parley.it.webhooks.TestWebhookReceiver;
import jakarta.json.JsonObject;

/**
 * The usual set-up of an end-to-end test: the sandbox network, a webhook receiver Parley posts to
 * (with the given application settings), and a business number registered and connected. Closing it
 * stops the receiver.
 */
public record SandboxBusiness(
    Sandbox sandbox, TestWebhookReceiver webhook, ApiClient admin, String waId)
    implements AutoCloseable {

  /** Registers {@code cc}+{@code phone} on the sandbox network, posting callbacks to a receiver. */
  public static SandboxBusiness register(String cc, String phone, JsonObject settings)
      throws Exception {
    Sandbox network = Sandbox.get();
    TestWebhookReceiver receiver = TestWebhookReceiver.start();
    ApiClient administrator = new ApiClient().asAdmin();
    Parley.useWebhook(administrator, receiver, settings);
    Parley.register(administrator, network, cc, phone);
    return new SandboxBusiness(network, receiver, administrator, cc + phone);
  }

  @Override
  public void close() {
    webhook.close();
  }
}
