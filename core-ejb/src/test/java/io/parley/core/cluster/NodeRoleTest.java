package io.parley.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class NodeRoleTest {

  @Test
  void rolesAreReadFromACommaSeparatedList() {
    assertEquals(EnumSet.of(NodeRole.WEBAPP), NodeRole.parse("webapp"));
    assertEquals(EnumSet.allOf(NodeRole.class), NodeRole.parse(" CoreApp , webapp,"));
    assertEquals("webapp,coreapp", NodeRole.format(NodeRole.parse("coreapp,webapp")));
  }

  @Test
  void anUnknownRoleOrNoneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> NodeRole.parse("master"));
    assertThrows(IllegalArgumentException.class, () -> NodeRole.parse(" , "));
  }

  @Test
  void eachNodeServesAtMostItsFairShareRoundedUp() {
    assertEquals(4, ShardKeeper.fairShare(4, 1));
    assertEquals(2, ShardKeeper.fairShare(4, 2));
    assertEquals(2, ShardKeeper.fairShare(4, 3));
    assertEquals(1, ShardKeeper.fairShare(1, 2));
    assertEquals(1, ShardKeeper.fairShare(32, 40));
  }
}
