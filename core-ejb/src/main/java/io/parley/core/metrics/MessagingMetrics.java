package io.parley.core.metrics;

import io.parley.core.health.GatewayStatus;
import io.parley.core.network.NetworkSession;
import io.parley.core.webhooks.WebhookMetrics;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The messaging pipeline in {@code /v1/stats/app} and {@code /metrics}: the depth of each JMS queue
 * (read from the server's management model), messages by direction and status, callbacks waiting
 * and the age of the oldest, webhook posts and the time they took, and the network connection.
 */
@Stateless
public class MessagingMetrics implements MetricSource {

  private static final Map<String, String> QUEUES =
      Map.of(
          "outbound", "ParleyOutbound",
          "inbound", "ParleyInbound",
          "callbacks", "ParleyCallbacks",
          "outbound_dlq", "ParleyOutboundDLQ",
          "inbound_dlq", "ParleyInboundDLQ",
          "callbacks_dlq", "ParleyCallbacksDLQ");

  @PersistenceContext(unitName = "parley")
  EntityManager em;

  @EJB WebhookMetrics webhooks;
  @EJB NetworkSession network;

  @Override
  public Scope scope() {
    return Scope.APP;
  }

  @Override
  public List<Metric> metrics() {
    List<Metric> out = new ArrayList<>();
    List<Metric.Sample> depths = new ArrayList<>();
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    QUEUES.forEach(
        (label, queue) -> {
          try {
            Object count =
                server.getAttribute(
                    new ObjectName(
                        "jboss.as:subsystem=messaging-activemq,server=default,jms-queue=" + queue),
                    "messageCount");
            depths.add(new Metric.Sample(Map.of("queue", label), ((Number) count).doubleValue()));
          } catch (JMException | RuntimeException e) {
            // A queue this server does not have (or no management model): not reported.
          }
        });
    out.add(new Metric("queue_depth", Metric.Type.GAUGE, "Messages waiting per JMS queue", depths));

    List<Metric.Sample> messages = new ArrayList<>();
    for (Object[] row :
        em.createQuery(
                "select m.direction, m.status, count(m) from Message m group by m.direction, m.status",
                Object[].class)
            .getResultList()) {
      messages.add(
          new Metric.Sample(
              Map.of(
                  "direction", row[0].toString().toLowerCase(Locale.ROOT),
                  "status", row[1].toString().toLowerCase(Locale.ROOT)),
              ((Number) row[2]).doubleValue()));
    }
    out.add(
        new Metric("messages", Metric.Type.GAUGE, "Messages by direction and status", messages));

    Object[] waiting =
        em.createQuery("select count(c), min(c.createdAt) from Callback c", Object[].class)
            .getSingleResult();
    long count = ((Number) waiting[0]).longValue();
    double oldestAge =
        waiting[1] == null
            ? 0
            : (System.currentTimeMillis() - ((Number) waiting[1]).longValue()) / 1000.0;
    out.add(
        Metric.gauge(
            "callbacks_waiting",
            "Stored callback rows not yet acknowledged (statuses committed together share one)",
            count));
    out.add(
        Metric.gauge(
            "callbacks_oldest_age_seconds",
            "Age of the oldest waiting callback in seconds",
            oldestAge));
    out.add(
        new Metric(
            "webhook_posts",
            Metric.Type.COUNTER,
            "Webhook posts by outcome",
            List.of(
                new Metric.Sample(Map.of("outcome", "delivered"), webhooks.postsDelivered()),
                new Metric.Sample(Map.of("outcome", "failed"), webhooks.postsFailed()))));
    out.add(
        Metric.counter(
            "webhook_callbacks_delivered",
            "Callbacks acknowledged by the receiver",
            webhooks.callbacksDelivered()));
    out.add(
        Metric.counter(
            "webhook_post_seconds",
            "Time spent in webhook posts, in seconds",
            webhooks.postSeconds()));
    Map<Integer, GatewayStatus> shards = network.shardStatus();
    boolean connected =
        !shards.isEmpty() && shards.values().stream().allMatch(GatewayStatus.CONNECTED::equals);
    out.add(
        Metric.gauge(
            "network_connected",
            "1 while every network connection of this node is up",
            connected ? 1 : 0));
    out.add(
        Metric.gauge(
            "network_shards_connected",
            "Shards whose network connection is up on this node",
            shards.values().stream().filter(GatewayStatus.CONNECTED::equals).count()));
    return out;
  }
}
