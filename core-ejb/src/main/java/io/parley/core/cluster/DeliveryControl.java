package io.parley.core.cluster;

import io.parley.core.management.ServerManagement;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import javax.management.JMException;
import org.jboss.logging.Logger;

/**
 * Starts and stops the delivery of this deployment's message-driven beans at run time, through the
 * server's management model as exposed on the platform MBean server (the {@code start-delivery} and
 * {@code stop-delivery} operations of {@code
 * /deployment=*&#47;subdeployment=*&#47;subsystem=ejb3/message-driven-bean=NAME}). Every bean
 * deploys stopped; {@link #reconcile} brings the running set to the wanted one and retries, on the
 * next call, what failed (a bean not registered yet while the deployment completes).
 */
final class DeliveryControl {

  private static final Logger LOG = Logger.getLogger(DeliveryControl.class);

  private final Set<String> delivering = new HashSet<>();

  /**
   * Starts the beans in {@code wantedNow} (asked under this object's lock, so that a later call
   * never acts on an older answer) that are stopped and stops the others that run: whether all of
   * that succeeded.
   */
  synchronized boolean reconcile(Supplier<Set<String>> wantedNow) {
    Set<String> wanted = wantedNow.get();
    boolean done = true;
    for (String bean : wanted) {
      if (!delivering.contains(bean)) {
        if (invoke(bean, "startDelivery")) {
          delivering.add(bean);
        } else {
          done = false;
        }
      }
    }
    for (String bean : Set.copyOf(delivering)) {
      if (!wanted.contains(bean)) {
        if (invoke(bean, "stopDelivery")) {
          delivering.remove(bean);
        } else {
          done = false;
        }
      }
    }
    return done;
  }

  /** The beans delivering now. */
  synchronized Set<String> delivering() {
    return Set.copyOf(delivering);
  }

  private boolean invoke(String bean, String operation) {
    try {
      if (!ServerManagement.invoke(
          "jboss.as:subsystem=ejb3,message-driven-bean=" + bean + ",*", operation)) {
        LOG.debugf("Message-driven bean %s is not registered yet", bean);
        return false;
      }
      LOG.debugf("%s: %s", bean, operation);
      return true;
    } catch (JMException | RuntimeException e) {
      LOG.warnf("Could not %s %s: %s", operation, bean, e.getMessage());
      return false;
    }
  }
}
