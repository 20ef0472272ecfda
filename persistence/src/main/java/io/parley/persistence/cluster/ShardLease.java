package io.parley.persistence.cluster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The lease of one shard: the node that holds it ({@code null}: nobody), the fencing epoch its
 * holder logged in to the network with, and when the holder last renewed it. Changed only by the
 * conditional updates of {@link ClusterRepository}.
 */
@Entity
@Table(name = "shard_lease")
public class ShardLease {

  @Id private int shard;

  @Column(length = ClusterNode.MAX_NAME_LENGTH)
  private String holder;

  @Column(nullable = false)
  private long epoch;

  @Column(name = "renewed_at", nullable = false)
  private long renewedAt;

  protected ShardLease() {}

  public int getShard() {
    return shard;
  }

  public String getHolder() {
    return holder;
  }

  public long getEpoch() {
    return epoch;
  }

  public long getRenewedAt() {
    return renewedAt;
  }
}
