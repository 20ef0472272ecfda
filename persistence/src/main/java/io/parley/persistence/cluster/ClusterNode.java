package io.parley.persistence.cluster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A node as it last reported itself: its roles, gateway status, the shards it serves and a snapshot
 * of its own statistics, written on every heartbeat.
 */
@Entity
@Table(name = "cluster_node")
public class ClusterNode {

  public static final int MAX_NAME_LENGTH = 100;

  @Id
  @Column(length = MAX_NAME_LENGTH)
  private String name;

  @Column(nullable = false, length = 40)
  private String roles;

  @Column(name = "gateway_status", nullable = false, length = 16)
  private String gatewayStatus;

  @Column(nullable = false, length = 100)
  private String shards;

  @Column(columnDefinition = "MEDIUMTEXT")
  private String stats;

  @Column(name = "started_at", nullable = false)
  private long startedAt;

  @Column(name = "heartbeat_at", nullable = false)
  private long heartbeatAt;

  protected ClusterNode() {}

  public ClusterNode(String name, long startedAt) {
    this.name = name;
    this.startedAt = startedAt;
    this.roles = "";
    this.gatewayStatus = "";
    this.shards = "";
  }

  /** This node's report at {@code now}. */
  public void report(
      String roles, String gatewayStatus, String shards, String stats, long startedAt, long now) {
    this.roles = roles;
    this.gatewayStatus = gatewayStatus;
    this.shards = shards;
    this.stats = stats;
    this.startedAt = startedAt;
    this.heartbeatAt = now;
  }

  public String getName() {
    return name;
  }

  public String getRoles() {
    return roles;
  }

  public String getGatewayStatus() {
    return gatewayStatus;
  }

  /** The shards served, comma-separated ({@code ""}: none). */
  public String getShards() {
    return shards;
  }

  public String getStats() {
    return stats;
  }

  public long getStartedAt() {
    return startedAt;
  }

  public long getHeartbeatAt() {
    return heartbeatAt;
  }
}
