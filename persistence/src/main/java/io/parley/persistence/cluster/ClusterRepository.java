package io.parley.persistence.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Shard leases and node reports. Every lease change is one conditional UPDATE, so two nodes racing
 * for a shard cannot both win. Joins the caller's transaction.
 */
@ApplicationScoped
public class ClusterRepository {

  @PersistenceContext(unitName = "parley")
  private EntityManager em;

  /** The leases of shards 0 to {@code count - 1}, by shard. */
  public List<ShardLease> leases(int count) {
    return em.createQuery(
            "select l from ShardLease l where l.shard < :count order by l.shard", ShardLease.class)
        .setParameter("count", count)
        .getResultList();
  }

  /**
   * Takes {@code shard} for {@code node} with {@code newEpoch}, if its lease still has {@code
   * seenEpoch} and is free, still in {@code node}'s name (a restarted node), or was last renewed
   * before {@code staleBefore}: whether it was taken.
   */
  public boolean take(
      int shard, String node, long seenEpoch, long newEpoch, long now, long staleBefore) {
    return em.createQuery(
                "update ShardLease l set l.holder = :node, l.epoch = :newEpoch, l.renewedAt = :now"
                    + " where l.shard = :shard and l.epoch = :seenEpoch"
                    + " and (l.holder is null or l.holder = :node or l.renewedAt < :staleBefore)")
            .setParameter("node", node)
            .setParameter("newEpoch", newEpoch)
            .setParameter("now", now)
            .setParameter("shard", shard)
            .setParameter("seenEpoch", seenEpoch)
            .setParameter("staleBefore", staleBefore)
            .executeUpdate()
        == 1;
  }

  /** Renews {@code node}'s lease of {@code shard} with {@code epoch}: whether it still held it. */
  public boolean renew(int shard, String node, long epoch, long now) {
    return em.createQuery(
                "update ShardLease l set l.renewedAt = :now"
                    + " where l.shard = :shard and l.holder = :node and l.epoch = :epoch")
            .setParameter("now", now)
            .setParameter("shard", shard)
            .setParameter("node", node)
            .setParameter("epoch", epoch)
            .executeUpdate()
        == 1;
  }

  /** Gives up {@code node}'s lease of {@code shard} with {@code epoch}, if it still holds it. */
  public void release(int shard, String node, long epoch) {
    em.createQuery(
            "update ShardLease l set l.holder = null"
                + " where l.shard = :shard and l.holder = :node and l.epoch = :epoch")
        .setParameter("shard", shard)
        .setParameter("node", node)
        .setParameter("epoch", epoch)
        .executeUpdate();
  }

  /** The report of {@code name}, created on first use. */
  public ClusterNode node(String name, long now) {
    ClusterNode node = em.find(ClusterNode.class, name);
    if (node == null) {
      node = new ClusterNode(name, now);
      em.persist(node);
    }
    return node;
  }

  /** Every node that reported at or after {@code since}, by name. */
  public List<ClusterNode> nodesSince(long since) {
    return em.createQuery(
            "select n from ClusterNode n where n.heartbeatAt >= :since order by n.name",
            ClusterNode.class)
        .setParameter("since", since)
        .getResultList();
  }

  /** Every node that ever reported, by name. */
  public List<ClusterNode> nodes() {
    return em.createQuery("select n from ClusterNode n order by n.name", ClusterNode.class)
        .getResultList();
  }
}
