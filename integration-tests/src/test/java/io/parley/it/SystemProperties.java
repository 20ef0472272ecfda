package io.parley.it;

import java.util.Map;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * Sets system properties on the server while a test class runs (before its deployment, so that what
 * is read at start sees them too) and removes them after. A subclass names them.
 */
public abstract class SystemProperties implements ServerSetupTask {

  private final Map<String, String> properties;

  protected SystemProperties(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
  }

  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    tearDown(client, containerId);
    for (Map.Entry<String, String> property : properties.entrySet()) {
      ModelNode add = Operations.createAddOperation(address(property.getKey()));
      add.get("value").set(property.getValue());
      execute(client, add);
    }
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) throws Exception {
    for (String name : properties.keySet()) {
      ModelNode read = Operations.createReadResourceOperation(address(name));
      if (Operations.isSuccessfulOutcome(client.getControllerClient().execute(read))) {
        execute(client, Operations.createRemoveOperation(address(name)));
      }
    }
  }

  private static ModelNode address(String name) {
    return Operations.createAddress("system-property", name);
  }

  private static void execute(ManagementClient client, ModelNode operation) throws Exception {
    ModelNode result = client.getControllerClient().execute(operation);
    if (!Operations.isSuccessfulOutcome(result)) {
      throw new IllegalStateException(operation + " failed: " + result);
    }
  }
}
