package io.parley.it;

import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * A server setup task that sets one system property of the test server while a test class runs and
 * removes it afterwards. Parley reads its {@code parley.*} settings at each use, so the value
 * applies at once, without a restart. Subclass it with the name and value.
 */
public abstract class SystemPropertySetup implements ServerSetupTask {

  private final ModelNode property;
  private final String value;

  protected SystemPropertySetup(String name, String value) {
    this.property = Operations.createAddress("system-property", name);
    this.value = value;
  }

  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    tearDown(client, containerId);
    ModelNode add = Operations.createAddOperation(property);
    add.get("value").set(value);
    execute(client, add);
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) throws Exception {
    ModelNode read = Operations.createReadResourceOperation(property);
    if (Operations.isSuccessfulOutcome(client.getControllerClient().execute(read))) {
      execute(client, Operations.createRemoveOperation(property));
    }
  }

  private static void execute(ManagementClient client, ModelNode operation) throws Exception {
    ModelNode result = client.getControllerClient().execute(operation);
    if (!Operations.isSuccessfulOutcome(result)) {
      throw new IllegalStateException(Operations.getFailureDescription(result).asString());
    }
  }
}
