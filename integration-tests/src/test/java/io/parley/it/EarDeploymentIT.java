package io.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;

/**
 * The whole EAR deployed on the server as the CLI scripts configured it: its modules are up, and
 * the resources it depends on (datasource, queues, HTTPS key store, security) resolve.
 */
class EarDeploymentIT extends ParleyIT {

  @ArquillianResource ManagementClient management;

  @Test
  void earAndEveryModuleAreDeployed() throws Exception {
    ModelNode ear = read(address("deployment", "parley.ear"), true);

    assertEquals("OK", ear.get("status").asString());
    List<String> modules = ear.get("subdeployment").keys().stream().sorted().toList();
    assertEquals(List.of("parley-core.jar", "parley-media-store.rar", "parley-web.war"), modules);
  }

  @Test
  void datasourceReachesTheDatabase() throws Exception {
    ModelNode result =
        execute(
            Operations.createOperation(
                "test-connection-in-pool",
                address("subsystem", "datasources", "xa-data-source", "ParleyDS")));

    assertTrue(result.asBoolean(), "test-connection-in-pool: " + result);
  }

  @Test
  void everyQueueAndItsDeadLetterQueueExistWithTheirJndiNames() throws Exception {
    for (String queue : List.of("outbound", "inbound", "callbacks")) {
      String name = "Parley" + Character.toUpperCase(queue.charAt(0)) + queue.substring(1);
      for (String[] q :
          new String[][] {
            {name, "java:/jms/queue/parley/" + queue},
            {name + "DLQ", "java:/jms/queue/parley/" + queue + "-dlq"}
          }) {
        ModelNode resource =
            read(
                address("subsystem", "messaging-activemq", "server", "default", "jms-queue", q[0]),
                true);
        assertEquals(q[1], resource.get("entries").get(0).asString());
        assertTrue(resource.get("durable").asBoolean());
      }
      ModelNode settings =
          read(
              address(
                  "subsystem",
                  "messaging-activemq",
                  "server",
                  "default",
                  "address-setting",
                  "jms.queue." + name),
              false);
      assertEquals("jms.queue." + name + "DLQ", settings.get("dead-letter-address").asString());
    }
  }

  @Test
  void httpsKeyStoreHoldsParleysCertificate() throws Exception {
    ApiClient api = new ApiClient();
    api.get(
        "/v1/health"); // waits for nothing: the request only succeeds over a working TLS session

    ModelNode aliases =
        execute(
            Operations.createOperation(
                "read-aliases", address("subsystem", "elytron", "key-store", "parleyKS")));

    assertTrue(
        aliases.asList().stream().anyMatch(a -> a.asString().equals("parley")), aliases.toString());
  }

  @Test
  void securityRefusesAnonymousCallers() {
    assertEquals(401, new ApiClient().get("/v1/health").status());
  }

  private ModelNode read(ModelNode address, boolean runtime) throws Exception {
    ModelNode op = Operations.createReadResourceOperation(address, true);
    op.get("include-runtime").set(runtime);
    return execute(op);
  }

  private ModelNode execute(ModelNode op) throws Exception {
    ModelNode result = management.getControllerClient().execute(op);
    assertTrue(Operations.isSuccessfulOutcome(result), result.toString());
    return Operations.readResult(result);
  }

  private static ModelNode address(String... pairs) {
    return Operations.createAddress(pairs);
  }
}
