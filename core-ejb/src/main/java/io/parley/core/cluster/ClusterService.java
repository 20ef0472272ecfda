package io.parley.core.cluster;

import io.parley.persistence.cluster.ClusterNode;
import io.parley.persistence.cluster.ClusterRepository;
import io.parley.persistence.cluster.ShardLease;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;

/** Shard leases and node reports, each read or change in a short transaction of its own. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ClusterService {

  @Inject ClusterRepository cluster;

  /** The leases of shards 0 to {@code count - 1}. */
  public List<ShardLease> leases(int count) {
    return cluster.leases(count);
  }

  /** See {@link ClusterRepository#take}. */
  public boolean take(
      int shard, String node, long seenEpoch, long newEpoch, long now, long staleBefore) {
    return cluster.take(shard, node, seenEpoch, newEpoch, now, staleBefore);
  }

  /** See {@link ClusterRepository#renew}. */
  public boolean renew(int shard, String node, long epoch, long now) {
    return cluster.renew(shard, node, epoch, now);
  }

  /** See {@link ClusterRepository#release}. */
  public void release(int shard, String node, long epoch) {
    cluster.release(shard, node, epoch);
  }

  /** Writes this node's report. */
  public void report(
      String node,
      String roles,
      String gatewayStatus,
      String shards,
      String stats,
      long startedAt,
      long now) {
    cluster.node(node, now).report(roles, gatewayStatus, shards, stats, startedAt, now);
  }

  /** How long a node that stopped reporting is still listed (with errors) in cluster answers. */
  public static final java.time.Duration LISTED = java.time.Duration.ofMinutes(10);

  /** The nodes other than {@code self} that reported within {@link #LISTED}. */
  public List<ClusterNode> others(String self) {
    return cluster.nodesSince(System.currentTimeMillis() - LISTED.toMillis()).stream()
        .filter(node -> !node.getName().equals(self))
        .toList();
  }

  /** The nodes that reported at or after {@code since}. */
  public List<ClusterNode> nodesSince(long since) {
    return cluster.nodesSince(since);
  }

  /** Every node that ever reported. */
  public List<ClusterNode> nodes() {
    return cluster.nodes();
  }
}
