package io.parley.core.health;

import io.parley.core.cluster.ClusterService;
import io.parley.core.cluster.NodeRole;
import io.parley.core.cluster.ShardKeeper;
import io.parley.core.errors.ErrorCode;
import io.parley.core.json.Jsons;
import io.parley.core.settings.SettingsService;
import io.parley.persistence.cluster.ClusterNode;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;

/**
 * What {@code /v1/health} reports. A lone node answers with its gateway status. When other nodes
 * have reported in the last {@link ClusterService#LISTED} (a cluster), the answer is keyed by node:
 * each with its role ({@code coreapp} for a node with that role, else {@code webapp}), its gateway
 * status and the shards it serves, as of its last heartbeat (this node's as of now); a node whose
 * last heartbeat is older than {@code unhealthy_interval} gets an {@code errors} array instead of a
 * status.
 */
@Stateless
public class HealthService {

  /** The setting that holds the registered account's wa_id. */
  public static final String ACCOUNT_WA_ID = "account.wa_id";

  @EJB ShardKeeper keeper;
  @EJB ClusterService cluster;
  @EJB SettingsService settings;

  /** This node's gateway status. */
  public GatewayStatus gatewayStatus() {
    return keeper.gatewayStatus();
  }

  /** The {@code health} object of {@code /v1/health}. */
  public JsonObject health() {
    List<ClusterNode> others = cluster.others(keeper.nodeName());
    if (others.isEmpty()) {
      return Jsons.createObjectBuilder().add("gateway_status", gatewayStatus().wireName()).build();
    }
    long silentBefore = System.currentTimeMillis() - unhealthyMillis();
    JsonObjectBuilder out = Jsons.createObjectBuilder();
    out.add(keeper.nodeName(), self());
    for (ClusterNode node : others) {
      JsonObjectBuilder entry = Jsons.createObjectBuilder().add("role", role(node.getRoles()));
      if (node.getHeartbeatAt() < silentBefore) {
        entry.add("errors", silent(node));
      } else {
        entry.add("gateway_status", node.getGatewayStatus()).add("shards", shards(node));
      }
      out.add(node.getName(), entry);
    }
    return out.build();
  }

  /** How long a node may be silent before it counts as unreachable ({@code unhealthy_interval}). */
  public long unhealthyMillis() {
    return settings.application().unhealthyInterval() * 1000L;
  }

  /** The {@code errors} of a node that stopped reporting. */
  public static JsonArray silent(ClusterNode node) {
    return Jsons.createArrayBuilder()
        .add(
            Jsons.createObjectBuilder()
                .add("code", ErrorCode.SERVICE_NOT_READY.code())
                .add("title", ErrorCode.SERVICE_NOT_READY.title())
                .add(
                    "details", "no heartbeat since " + Instant.ofEpochMilli(node.getHeartbeatAt())))
        .build();
  }

  private JsonObject self() {
    JsonArrayBuilder shards = Jsons.createArrayBuilder();
    keeper.heldShards().forEach(shards::add);
    return Jsons.createObjectBuilder()
        .add("gateway_status", gatewayStatus().wireName())
        .add("role", role(NodeRole.format(keeper.roles())))
        .add("shards", shards)
        .build();
  }

  private static String role(String roles) {
    return NodeRole.parse(roles).contains(NodeRole.COREAPP)
        ? NodeRole.COREAPP.wireName()
        : NodeRole.WEBAPP.wireName();
  }

  private static JsonArrayBuilder shards(ClusterNode node) {
    JsonArrayBuilder shards = Jsons.createArrayBuilder();
    for (String shard : node.getShards().split(",")) {
      if (!shard.isEmpty()) {
        shards.add(Integer.parseInt(shard));
      }
    }
    return shards;
  }
}
