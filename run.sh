#!/usr/bin/env bash
# Runs Parley: builds it if needed, provisions WildFly into wildfly-config/target/wildfly (configured by the
# CLI scripts in wildfly-config/src/main/cli, database: embedded H2 in the server's data folder), starts the
# sandbox network (state in sandbox-network/data) and the sample webhook receiver (https://127.0.0.1:5443),
# deploys parley.ear, starts the server pointed at the sandbox network and prints the base URL and the
# first-login command. Ctrl-C stops all three.
#
# Settings (environment): PARLEY_BIND_ADDRESS (default 127.0.0.1), PARLEY_PORT_OFFSET (default 0),
# PARLEY_REBUILD=1 to force a rebuild, and every PARLEY_* / WA_* variable of docs/configuration.md; the
# sandbox network's settings are in docs/sandbox-network.md.
set -euo pipefail
cd "$(dirname "$0")"

server=wildfly-config/target/wildfly
ear=ear/target/parley.ear
bind=${PARLEY_BIND_ADDRESS:-127.0.0.1}
offset=${PARLEY_PORT_OFFSET:-0}
https_port=$((8443 + offset))
management_port=$((9990 + offset))

sandbox_jar=sandbox-network/target/parley-sandbox-network.jar
if [ "${PARLEY_REBUILD:-0}" = 1 ] || [ ! -f "$ear" ] || [ ! -f "$server/.parley-provisioned" ] \
   || [ ! -f "$sandbox_jar" ]; then
  echo "Building Parley and provisioning WildFly (first run takes a few minutes)..."
  mvn -B -q -DskipTests -pl wildfly-config,sandbox-network -am package
fi

echo "Starting the sandbox network..."
mkdir -p sandbox-network/data
java -jar "$sandbox_jar" --sandbox.data-dir=sandbox-network/data >sandbox-network/data/sandbox.log 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 30); do
  grep -q "Network transport key" sandbox-network/data/sandbox.log 2>/dev/null && break
  if ! kill -0 "$sandbox_pid" 2>/dev/null; then
    echo "The sandbox network failed to start; see sandbox-network/data/sandbox.log" >&2
    exit 1
  fi
  sleep 0.5
done

echo "Starting the sample webhook receiver..."
mkdir -p sandbox-network/data/webhook
java -cp "$sandbox_jar" io.parley.sandbox.webhook.SampleWebhookReceiver --port=5443 \
  --dir=sandbox-network/data/webhook >sandbox-network/data/webhook/receiver.log 2>&1 &
webhook_pid=$!
for _ in $(seq 1 30); do
  grep -q "Sample webhook receiver up" sandbox-network/data/webhook/receiver.log 2>/dev/null && break
  sleep 0.5
done

cp "$ear" "$server/standalone/deployments/parley.ear"
rm -f "$server/standalone/deployments/parley.ear.failed" "$server/standalone/deployments/parley.ear.deployed"

echo "Starting WildFly with Parley on https://$bind:$https_port ..."
setsid "$server/bin/standalone.sh" -c standalone-full.xml -b "$bind" \
  -Djboss.socket.binding.port-offset="$offset" -Dparley.network.port=5222 -Dparley.network.media-port=5280 \
  -Dparley.network.key-file="$PWD/sandbox-network/data/network.pub" >"$server/standalone/log/console.log" 2>&1 &
pid=$!
# standalone.sh runs in its own process group: stopping the group stops the JVM too
stop() {
  kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  kill "$sandbox_pid" "$webhook_pid" 2>/dev/null || true
  wait "$sandbox_pid" "$webhook_pid" 2>/dev/null || true
}
trap 'echo; echo "Stopping WildFly, the sandbox network and the webhook receiver..."; stop; exit 0' INT TERM

deployments=$server/standalone/deployments
for _ in $(seq 1 180); do
  if [ -f "$deployments/parley.ear.deployed" ]; then
    break
  fi
  if [ -f "$deployments/parley.ear.failed" ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "Parley failed to start; see $server/standalone/log/server.log" >&2
    stop
    exit 1
  fi
  sleep 1
done

# The HTTPS listener takes Parley's certificate a moment after the deployment: wait for it
if command -v curl >/dev/null 2>&1; then
  for _ in $(seq 1 60); do
    curl -sk -o /dev/null "https://$bind:$https_port/v1/health" && break
    sleep 1
  done
fi

cat <<TXT

Parley is running.
  Base URL:            https://$bind:$https_port   (self-signed certificate: curl -k)
  Management console:  http://127.0.0.1:$management_port   (add a user with $server/bin/add-user.sh)
  Logs:                $server/standalone/log/server.log and parley.log
  Sandbox network:     control API http://127.0.0.1:5281/control/network, transport port 5222,
                       log sandbox-network/data/sandbox.log
  Webhook receiver:    https://127.0.0.1:5443/webhook (CA: sandbox-network/data/webhook/webhook-ca.pem),
                       callbacks printed to sandbox-network/data/webhook/receiver.log and at /callbacks

First login (the default admin password must be changed on first use):
  curl -k -X POST https://$bind:$https_port/v1/users/login -u admin:secret \\
       -H 'Content-Type: application/json' -d '{"new_password":"<your new password>"}'

Then follow the README's quick start: register, send a message, watch the callbacks arrive.
Press Ctrl-C to stop.
TXT
wait "$pid"
