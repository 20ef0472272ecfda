-- Nodes and shards. account_state.shards is the number of shards the account's traffic is split into (1, 2, 4,
-- 8, 16 or 32; a user belongs to shard crc32(number) % shards). Each shard has a lease row: the CoreApp node
-- that holds it (NULL: nobody), the fencing epoch it logged in to the network with (raised by every new holder,
-- so the network refuses the connection of an older one) and when the holder last renewed it (epoch
-- milliseconds; another node may take it over once that is older than unhealthy_interval). Every node writes
-- its own row in node on each heartbeat: its roles, its gateway status and the shards it serves, for
-- /v1/health and /v1/stats on any node.

ALTER TABLE account_state ADD COLUMN shards INT DEFAULT 1 NOT NULL;

CREATE TABLE shard_lease (
  shard INT NOT NULL,
  holder VARCHAR(100),
  epoch BIGINT NOT NULL,
  renewed_at BIGINT NOT NULL,
  PRIMARY KEY (shard)
);

-- Every possible shard has its row from the start, so taking a lease is always a conditional UPDATE.
INSERT INTO shard_lease (shard, holder, epoch, renewed_at) VALUES
  (0, NULL, 0, 0),
  (1, NULL, 0, 0),
  (2, NULL, 0, 0),
  (3, NULL, 0, 0),
  (4, NULL, 0, 0),
  (5, NULL, 0, 0),
  (6, NULL, 0, 0),
  (7, NULL, 0, 0),
  (8, NULL, 0, 0),
  (9, NULL, 0, 0),
  (10, NULL, 0, 0),
  (11, NULL, 0, 0),
  (12, NULL, 0, 0),
  (13, NULL, 0, 0),
  (14, NULL, 0, 0),
  (15, NULL, 0, 0),
  (16, NULL, 0, 0),
  (17, NULL, 0, 0),
  (18, NULL, 0, 0),
  (19, NULL, 0, 0),
  (20, NULL, 0, 0),
  (21, NULL, 0, 0),
  (22, NULL, 0, 0),
  (23, NULL, 0, 0),
  (24, NULL, 0, 0),
  (25, NULL, 0, 0),
  (26, NULL, 0, 0),
  (27, NULL, 0, 0),
  (28, NULL, 0, 0),
  (29, NULL, 0, 0),
  (30, NULL, 0, 0),
  (31, NULL, 0, 0);

CREATE TABLE cluster_node (
  name VARCHAR(100) NOT NULL,
  roles VARCHAR(40) NOT NULL,
  gateway_status VARCHAR(16) NOT NULL,
  shards VARCHAR(100) NOT NULL,
  stats MEDIUMTEXT,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  PRIMARY KEY (name)
);
