#!/usr/bin/env bash
# Messaging pipeline benchmark: builds Parley, provisions its own WildFly into bench/target/wildfly with
# wildfly-config's scripts (datasource on MySQL: database parley_bench on the local MariaDB, created here
# through its root account and dropped at the end; port offset 200: HTTPS 8643, management 10190), starts its
# own sandbox network (ports 16222/16280/16281, data in bench/target/pipeline), deploys parley.ear, and runs
# io.parley.bench.PipelineBenchmark against both. Options: --rate --seconds --warmup --warmup-rate --settle --users --size --grace
# --max-in-flight --http --client --read-after-ms --thread-dumps (see PipelineBenchmark). Result and logs:
# bench/target/pipeline; figures in docs/benchmarks.md. Stops only the processes it started.
#
# Environment: PARLEY_BENCH_PORT_OFFSET (200), PARLEY_BENCH_SANDBOX_PORT (16222; media and control ports are
# 58 and 59 above it), PARLEY_BENCH_DB (parley_bench), PARLEY_BENCH_BUILD=0 to use what was built before,
# PARLEY_BENCH_KEEP_DB=1 to keep the database for a look afterwards, PARLEY_BENCH_JVM_OPTS for WildFly's JVM
# (a flight recording, say), PARLEY_BENCH_ACCESS_LOG=1 for WildFly's access log (bench/cli/access-log.cli), from
# which the server's own time for each accepted message is summed up after the run, PARLEY_BENCH_EXTRA_CLI for further
# CLI scripts (absolute paths, space-separated) applied to the benchmark's WildFly to try a setting (the server keeps
# it until bench/target/wildfly is removed; the next run with PARLEY_BENCH_BUILD=1 then unpacks it again).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

offset=${PARLEY_BENCH_PORT_OFFSET:-200}
https_port=$((8443 + offset))
management_port=$((9990 + offset))
transport_port=${PARLEY_BENCH_SANDBOX_PORT:-16222}
media_port=$((transport_port + 58))
control_port=$((transport_port + 59))
db=${PARLEY_BENCH_DB:-parley_bench}
db_password=$db-pw
server=$root/bench/target/wildfly
work=$root/bench/target/pipeline
sandbox_data=$work/sandbox-data
ear=$root/ear/target/parley.ear
sandbox_jar=$root/sandbox-network/target/parley-sandbox-network.jar

for port in "$https_port" "$management_port" "$transport_port" "$media_port" "$control_port"; do
  if ss -ltnH "sport = :$port" | grep -q .; then
    echo "Port $port is in use: is another benchmark running? (PARLEY_BENCH_PORT_OFFSET, PARLEY_BENCH_SANDBOX_PORT)" >&2
    exit 1
  fi
done

if [ "${PARLEY_BENCH_BUILD:-1}" != 0 ]; then
  echo "Building Parley, the sandbox network and the benchmark..."
  # A removed server is unpacked again only without the unpack marker
  [ -d "$server" ] || rm -rf bench/target/dependency-markers
  # Formatting is the normal build's check; the benchmark measures whatever the tree holds now
  mvn -B -q -DskipTests -Dspotless.check.skip=true -Ppipeline -pl ear,bench -am package
fi

if [ ! -d "$server" ]; then
  mv "$(ls -d bench/target/wildfly-[0-9]* | head -1)" "$server"
fi
rm -rf bench/target/wildfly-[0-9]*
access_log_cli=$root/bench/cli/no-access-log.cli
[ "${PARLEY_BENCH_ACCESS_LOG:-0}" != 1 ] || access_log_cli=$root/bench/cli/access-log.cli
# shellcheck disable=SC2086 # PARLEY_BENCH_EXTRA_CLI is a list of files
MYSQL_DRIVER_JAR=$root/bench/target/drivers/mysql-connector-j.jar \
  wildfly-config/src/main/scripts/provision.sh "$server" mysql "$access_log_cli" ${PARLEY_BENCH_EXTRA_CLI:-}

sql() { mysql -h127.0.0.1 -P3306 -uroot --batch -e "$1"; }
wildfly_pid=
sandbox_pid=
cleanup() {
  # standalone.sh leads its own process group (setsid): stopping the group stops its JVM too
  if [ -n "$wildfly_pid" ]; then
    kill -- -"$wildfly_pid" 2>/dev/null || true
    # A server busy with a backlog may not stop in time: then it is killed
    for _ in $(seq 1 30); do kill -0 "$wildfly_pid" 2>/dev/null || break; sleep 1; done
    kill -9 -- -"$wildfly_pid" 2>/dev/null || true
    wait "$wildfly_pid" 2>/dev/null || true
  fi
  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  if [ "${PARLEY_BENCH_KEEP_DB:-0}" != 1 ]; then
    # A killed server leaves its prepared XA branches behind, and they hold locks the drop waits for
    mysql -h127.0.0.1 -P3306 -uroot -N -e "XA RECOVER FORMAT='SQL'" 2>/dev/null | awk '$1 == 131077 {print $4}' |
      while read -r xid; do sql "XA ROLLBACK $xid" || true; done
    sql "DROP DATABASE IF EXISTS \`$db\`; DROP USER IF EXISTS '$db'@'localhost'; DROP USER IF EXISTS '$db'@'%';" || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "Creating the database $db..."
sql "DROP DATABASE IF EXISTS \`$db\`;
     CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
     CREATE USER IF NOT EXISTS '$db'@'localhost' IDENTIFIED BY '$db_password';
     CREATE USER IF NOT EXISTS '$db'@'%' IDENTIFIED BY '$db_password';
     GRANT ALL ON \`$db\`.* TO '$db'@'localhost';
     GRANT ALL ON \`$db\`.* TO '$db'@'%';"

# Every run starts empty: no broker journal, keys or deployment left from the last one
rm -rf "$server/standalone/data" "$server/standalone/tmp" "$server/standalone/log" "$sandbox_data"
rm -f "$server/standalone/deployments/parley.ear"*
mkdir -p "$work" "$sandbox_data"

echo "Starting the sandbox network on port $transport_port..."
java -jar "$sandbox_jar" --sandbox.data-dir="$sandbox_data" --sandbox.transport-port="$transport_port" \
  --sandbox.media-port="$media_port" --sandbox.control-port="$control_port" >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 60); do
  grep -q "Network transport key" "$work/sandbox.log" 2>/dev/null && break
  if ! kill -0 "$sandbox_pid" 2>/dev/null; then
    echo "The sandbox network failed to start; see $work/sandbox.log" >&2
    exit 1
  fi
  sleep 0.5
done

echo "Starting WildFly with Parley on https://127.0.0.1:$https_port ..."
cp "$ear" "$server/standalone/deployments/parley.ear"
rm -f "$work/wildfly.pid"
JBOSS_PIDFILE=$work/wildfly.pid LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_JAVA_SIZING="-Xms1g -Xmx1g ${PARLEY_BENCH_JVM_OPTS:-}" \
  setsid "$server/bin/standalone.sh" -c standalone-full.xml -b 127.0.0.1 \
  -Djboss.socket.binding.port-offset="$offset" \
  -Dparley.db.name="$db" -Dparley.db.user="$db" -Dparley.db.password="$db_password" \
  -Dparley.network.port="$transport_port" -Dparley.network.media-port="$media_port" \
  -Dparley.network.key-file="$sandbox_data/network.pub" \
  >"$work/wildfly-console.log" 2>&1 &
wildfly_pid=$!
deployments=$server/standalone/deployments
for _ in $(seq 1 240); do
  [ -f "$deployments/parley.ear.deployed" ] && break
  if [ -f "$deployments/parley.ear.failed" ] || ! kill -0 "$wildfly_pid" 2>/dev/null; then
    echo "Parley failed to start; see $server/standalone/log/server.log" >&2
    exit 1
  fi
  sleep 1
done
[ -f "$deployments/parley.ear.deployed" ] || { echo "Parley did not deploy in time" >&2; exit 1; }

pids="wildfly:$(cat "$work/wildfly.pid"),sandbox:$sandbox_pid"
mariadb_pid=$(pidof mariadbd || pidof mysqld || true)
[ -z "$mariadb_pid" ] || pids="$pids,mariadb:${mariadb_pid%% *}"

echo "Command: bench/pipeline.sh $*"
java -Xmx1g -cp "bench/target/classes:bench/target/lib/*" io.parley.bench.PipelineBenchmark \
  --api="https://127.0.0.1:$https_port" --control-port="$control_port" --pids="$pids" \
  --out="$work/result.md" "$@"
if [ "${PARLEY_BENCH_ACCESS_LOG:-0}" = 1 ]; then
  # The server's time per accepted message (%D: from its first byte read to the response sent), over the
  # accepted messages after the warm-up's (the log is in order of completion, so the border is approximate)
  warmup_count=$(sed -n 's/.*after a \([0-9]*\) s warm-up at \([0-9]*\) msg\/s.*/\1 * \2/p' "$work/result.md" | head -1)
  warmup_count=$((${warmup_count:-0}))
  awk -v skip="$warmup_count" '$1 == "POST" && $2 == "/v1/messages" && $3 == 201 && ++n > skip {print $4}' \
    "$server/standalone/log/access.log" | sort -n |
    awk '{v[NR] = $1} END {if (NR) printf "WildFly'"'"'s own time per accepted message (access log, %d requests): p50 %d ms, p99 %d ms, max %d ms\n", NR, v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1], v[NR]}' |
    tee -a "$work/result.md"
fi
echo "Result: $work/result.md; logs: $work/sandbox.log, $server/standalone/log/server.log"
