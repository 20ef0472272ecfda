package io.parley.core.management;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Runs operations of this server's management model from inside the server, through the platform
 * MBean server where WildFly's jmx subsystem exposes the model (as {@code jboss.as:...} names). No
 * management interface or credentials are needed, so it works alike on a standalone server and on a
 * domain's managed server, which has no management interface of its own.
 */
public final class ServerManagement {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  private ServerManagement() {}

  /**
   * Runs {@code operation} (in its JMX spelling: {@code startDelivery} for {@code start-delivery})
   * without parameters on every resource matching {@code pattern} (for example {@code
   * "jboss.as:subsystem=elytron,key-store=parleyKS"}, or one ending in {@code ",*"}): whether any
   * matched.
   *
   * @throws JMException when the operation fails
   */
  public static boolean invoke(String pattern, String operation) throws JMException {
    Set<ObjectName> found;
    try {
      found = SERVER.queryNames(new ObjectName(pattern), null);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("bad management name " + pattern, e);
    }
    for (ObjectName name : found) {
      SERVER.invoke(name, operation, new Object[0], new String[0]);
    }
    return !found.isEmpty();
  }
}
