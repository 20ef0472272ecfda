#!/usr/bin/env bash
# Relay benchmark of the sandbox network (issue 3): one business connection, K online virtual users
# that decrypt every message and send a delivered receipt. Options: --users --seconds --warmup
# --window --size --rate --out (see RelayBenchmark). Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am package -DskipTests
exec java -cp "bench/target/classes:bench/target/lib/*" io.parley.bench.RelayBenchmark "$@"
