package io.parley.core.cluster;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a node does: a {@code webapp} serves the REST API; a {@code coreapp} holds shards' network
 * connections, sends, receives and delivers webhooks. A standalone server is both.
 */
public enum NodeRole {
  WEBAPP,
  COREAPP;

  /** The role's name in configuration and answers. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The roles in a comma-separated list such as {@code "webapp,coreapp"}.
   *
   * @throws IllegalArgumentException on an unknown role or an empty list
   */
  public static Set<NodeRole> parse(String list) {
    EnumSet<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
    for (String part : list.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      try {
        roles.add(valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown node role '" + name + "' in '" + list + "'");
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("no node role in '" + list + "'");
    }
    return roles;
  }

  /** The roles as a comma-separated list, in declaration order. */
  public static String format(Set<NodeRole> roles) {
    return String.join(",", roles.stream().sorted().map(NodeRole::wireName).toList());
  }
}
