package io.parley.core.cluster;

import io.parley.core.account.AccountService;
import io.parley.core.config.ParleyConfig;
import io.parley.core.health.GatewayStatus;
import io.parley.core.messages.OutboundRequeue;
import io.parley.core.network.NetworkSession;
import io.parley.core.settings.ApplicationSettings;
import io.parley.core.settings.SettingsService;
import io.parley.persistence.cluster.ClusterNode;
import io.parley.persistence.cluster.ShardLease;
import io.parley.protocol.wire.Shards;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * This node's part in the cluster, once per {@code heartbeat_interval}: it reports itself (roles,
 * gateway status, shards served) in the node table and, on a CoreApp node with a registered
 * account, keeps its shard leases. It renews the leases it holds, gives up the ones it lost or no
 * longer needs, and takes free ones, or ones whose holder has not renewed for {@code
 * unhealthy_interval}, up to its fair share of the shards among the CoreApp nodes alive. Each lease
 * taken raises the shard's fencing epoch; the node connects the shard's slot with it (the network
 * then refuses the former holder) and, once connected, starts the shard's outbound consumer. A node
 * that finds its connection superseded by a newer epoch drops the shard at once.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ShardKeeper {

  private static final Logger LOG = Logger.getLogger(ShardKeeper.class);

  /** The message-driven beans every CoreApp node runs. */
  static final Set<String> COREAPP_CONSUMERS = Set.of("InboundConsumer", "WebhookConsumer");

  /** The consumer of other nodes' network requests: runs where a shard is connected. */
  static final String NETWORK_REQUESTS = "NetworkRequestConsumer";

  /** The outbound consumer of {@code shard}, declared in {@code ejb-jar.xml}. */
  static String outboundConsumer(int shard) {
    return "OutboundShard" + shard;
  }

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject ParleyConfig config;
  @EJB ClusterService cluster;
  @EJB NetworkSession network;
  @EJB AccountService accounts;
  @EJB SettingsService settings;
  @EJB OutboundRequeue requeue;

  private final DeliveryControl delivery = new DeliveryControl();

  /** The shards this node holds, with the epoch of each lease. */
  private final SortedMap<Integer, Long> held = new ConcurrentSkipListMap<>();

  /** The shards whose connection the network confirmed. */
  private final Set<Integer> connected = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The shard count at the last beat (0 before the first). */
  private int lastCount;

  /** Whether messages may wait for shards beyond the count (it went down, or this node started). */
  private boolean requeuePending = true;

  private final Object beating = new Object();
  private String node;
  private Set<NodeRole> roles;
  private long startedAt;
  private volatile boolean stopping;
  private volatile Future<?> next;
  private volatile Supplier<String> stats = () -> null;

  @PostConstruct
  void start() {
    node = config.nodeName();
    roles = config.nodeRoles();
    startedAt = System.currentTimeMillis();
    LOG.infof("Node %s with roles %s", node, NodeRole.format(roles));
    schedule(0);
  }

  /**
   * Closes this node's connections and gives up its leases, so that another node (or this one after
   * a redeployment) takes the shards at once. The consumers stop with the deployment; no management
   * operation runs here, as the undeployment holds the management lock.
   */
  @PreDestroy
  void stop() {
    stopping = true;
    Future<?> pending = next;
    if (pending != null) {
      pending.cancel(false);
    }
    for (Map.Entry<Integer, Long> lease : Map.copyOf(held).entrySet()) {
      try {
        network.close(lease.getKey());
        cluster.release(lease.getKey(), node, lease.getValue());
      } catch (RuntimeException e) {
        LOG.debugf("Could not release shard %d on shutdown: %s", lease.getKey(), e.getMessage());
      }
    }
  }

  /** An account was just registered (or its shards changed): act now, not at the next beat. */
  public void wake() {
    schedule(0);
  }

  /**
   * What this node's report carries as its statistics ({@code /v1/stats/app} as JSON text), for the
   * other nodes' {@code /v1/stats/app} answers.
   */
  public void statsSource(Supplier<String> source) {
    this.stats = source;
  }

  /** This node's name. */
  public String nodeName() {
    return node;
  }

  /** This node's roles. */
  public Set<NodeRole> roles() {
    return roles;
  }

  /** The shards this node serves (holds the lease of), in order. */
  public List<Integer> heldShards() {
    return List.copyOf(held.keySet());
  }

  /**
   * This node's gateway status: {@code unregistered} without an account; {@code connected} when it
   * serves at least one shard and every one it serves is connected; {@code connecting} while one is
   * being connected; else {@code disconnected} (a CoreApp that serves no shard, or a WebApp).
   */
  public GatewayStatus gatewayStatus() {
    if (accounts.waId().isEmpty()) {
      return GatewayStatus.UNREGISTERED;
    }
    SortedMap<Integer, GatewayStatus> shards = network.shardStatus();
    if (held.isEmpty() || shards.isEmpty()) {
      return GatewayStatus.DISCONNECTED;
    }
    Collection<GatewayStatus> statuses = shards.values();
    if (statuses.stream().allMatch(s -> s == GatewayStatus.CONNECTED)) {
      return GatewayStatus.CONNECTED;
    }
    return statuses.stream().anyMatch(s -> s != GatewayStatus.DISCONNECTED)
        ? GatewayStatus.CONNECTING
        : GatewayStatus.DISCONNECTED;
  }

  /** What the network session tells this keeper about its shards' connections. */
  private final NetworkSession.ShardListener listener =
      new NetworkSession.ShardListener() {
        @Override
        public void connected(int shard) {
          ShardKeeper.this.connected(shard);
        }

        @Override
        public void superseded(int shard) {
          ShardKeeper.this.superseded(shard);
        }
      };

  private void connected(int shard) {
    connected.add(shard);
    scheduler.execute(this::reconcileDelivery);
  }

  private void superseded(int shard) {
    LOG.warnf("Shard %d is served by a newer connection: this node gives it up", shard);
    synchronized (beating) {
      held.remove(shard);
      connected.remove(shard);
    }
    scheduler.execute(this::reconcileDelivery);
  }

  private void schedule(long delayMillis) {
    synchronized (beating) {
      if (stopping) {
        return;
      }
      if (next != null && delayMillis == 0) {
        next.cancel(false);
      }
      if (next == null || next.isDone() || delayMillis == 0) {
        next = scheduler.schedule(this::beat, delayMillis, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void beat() {
    long heartbeat = 5_000;
    synchronized (beating) {
      if (stopping) {
        return;
      }
      try {
        ApplicationSettings application = settings.application();
        heartbeat = application.heartbeatInterval() * 1000L;
        long now = System.currentTimeMillis();
        if (roles.contains(NodeRole.COREAPP)) {
          keepLeases(now, application.unhealthyInterval() * 1000L);
        }
        reconcileDelivery();
        cluster.report(
            node,
            NodeRole.format(roles),
            gatewayStatus().wireName(),
            held.keySet().stream().map(String::valueOf).collect(Collectors.joining(",")),
            // Gathering the statistics costs queries: only worth it when other nodes read them.
            cluster.others(node).isEmpty() ? null : statsNow(),
            startedAt,
            now);
      } catch (RuntimeException e) {
        LOG.warnf("Heartbeat of node %s failed: %s", node, e.getMessage());
      } finally {
        next = stopping ? null : scheduler.schedule(this::beat, heartbeat, TimeUnit.MILLISECONDS);
      }
    }
  }

  private String statsNow() {
    try {
      return stats.get();
    } catch (RuntimeException e) {
      LOG.debugf("No statistics for the node report: %s", e.getMessage());
      return null;
    }
  }

  private void keepLeases(long now, long unhealthy) {
    if (accounts.waId().isEmpty()) {
      for (int shard : List.copyOf(held.keySet())) {
        drop(shard);
      }
      return;
    }
    int count = accounts.shards();
    for (Map.Entry<Integer, Long> lease : Map.copyOf(held).entrySet()) {
      int shard = lease.getKey();
      if (shard >= count) {
        LOG.infof("Shard %d no longer exists (%d shards): released", shard, count);
        release(shard, lease.getValue());
      } else if (!cluster.renew(shard, node, lease.getValue(), now)) {
        LOG.warnf("Lost the lease of shard %d", shard);
        drop(shard);
      }
    }
    int alive = aliveCoreApps(now - unhealthy);
    int fair = fairShare(count, alive);
    if (held.size() > fair) {
      int last = held.lastKey();
      LOG.infof("Releasing shard %d: %d CoreApp nodes share %d shards", last, alive, count);
      release(last, held.get(last));
    } else {
      for (ShardLease lease : cluster.leases(count)) {
        if (held.size() >= fair) {
          break;
        }
        boolean free =
            lease.getHolder() == null
                || lease.getHolder().equals(node)
                || lease.getRenewedAt() < now - unhealthy;
        if (!held.containsKey(lease.getShard()) && free) {
          take(lease, now, unhealthy);
        }
      }
    }
    for (Map.Entry<Integer, Long> lease : held.entrySet()) {
      network.open(lease.getKey(), lease.getValue(), listener);
    }
    if (count < lastCount) {
      requeuePending = true;
    }
    lastCount = count;
    if (requeuePending && held.containsKey(0) && count < Shards.MAX) {
      int moved = requeue.requeue(count);
      if (moved > 0) {
        LOG.infof(
            "Moved %d queued messages of shards %d and above to their new shards", moved, count);
      }
      requeuePending = moved == OutboundRequeue.BATCH;
    }
  }

  private void take(ShardLease lease, long now, long unhealthy) {
    long epoch = Math.max(lease.getEpoch() + 1, now);
    if (cluster.take(lease.getShard(), node, lease.getEpoch(), epoch, now, now - unhealthy)) {
      LOG.infof(
          "Took shard %d (epoch %d, previously %s)",
          lease.getShard(), epoch, lease.getHolder() == null ? "free" : lease.getHolder());
      held.put(lease.getShard(), epoch);
    }
  }

  /** The most shards one of {@code alive} CoreApp nodes serves of {@code count}: rounded up. */
  static int fairShare(int count, int alive) {
    return (count + alive - 1) / Math.max(1, alive);
  }

  /** The CoreApp nodes that reported since {@code since}, this one included. */
  private int aliveCoreApps(long since) {
    Set<String> alive = new HashSet<>();
    alive.add(node);
    for (ClusterNode other : cluster.nodesSince(since)) {
      if (NodeRole.parse(other.getRoles().isEmpty() ? "coreapp" : other.getRoles())
          .contains(NodeRole.COREAPP)) {
        alive.add(other.getName());
      }
    }
    return alive.size();
  }

  private void release(int shard, long epoch) {
    drop(shard);
    cluster.release(shard, node, epoch);
  }

  /** Stops serving {@code shard}: its consumer first, then its connection. */
  private void drop(int shard) {
    held.remove(shard);
    connected.remove(shard);
    reconcileDelivery();
    network.close(shard);
  }

  /** Runs the CoreApp consumers and the outbound consumer of each connected shard held. */
  private void reconcileDelivery() {
    if (stopping) {
      return;
    }
    if (!delivery.reconcile(this::wantedConsumers) && !stopping) {
      scheduler.schedule(this::reconcileDelivery, 500, TimeUnit.MILLISECONDS);
    }
  }

  private Set<String> wantedConsumers() {
    Set<String> wanted = new HashSet<>();
    if (roles.contains(NodeRole.COREAPP)) {
      wanted.addAll(COREAPP_CONSUMERS);
      for (int shard : held.keySet()) {
        if (connected.contains(shard)) {
          wanted.add(outboundConsumer(shard));
          wanted.add(NETWORK_REQUESTS);
        }
      }
    }
    return wanted;
  }

  /** Each held shard's connection status, for the node's health. */
  public SortedMap<Integer, GatewayStatus> shardStatus() {
    return new TreeMap<>(network.shardStatus());
  }
}
