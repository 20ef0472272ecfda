#!/usr/bin/env bash
# Starts or stops a local Parley domain: a host controller and, on host "primary", the servers webapp-1 (port offset
# 300: HTTPS 8743, the primary broker), broker-backup-1 (offset 600: the broker's backup), coreapp-1 (offset 400) and
# coreapp-2 (offset 500), as provision-domain.sh configured them.
#
#   local-domain.sh start WILDFLY_HOME BASE_DIR EAR [PROPERTIES_FILE]
#   local-domain.sh stop WILDFLY_HOME BASE_DIR
#
# start makes BASE_DIR a fresh copy of the configured domain folder, adds the broker's application user (its
# password is made here and given to the CoreApps) and the domain's at-rest key (PARLEY_SECRET_KEY, else a new
# one: every node must seal and open secrets with the same key), starts the host controller, sets the lines "name=value" of
# PROPERTIES_FILE as domain-wide system properties (database, network, ...), deploys EAR to the WebApp and CoreApp
# server groups and starts the four servers. The broker pair's shared folder is BASE_DIR/broker.
# PARLEY_DOMAIN_MGMT_PORT is the host controller's management port (default 9990).
set -euo pipefail

command=$1
server=$(cd "$2" && pwd)
base=$3
port=${PARLEY_DOMAIN_MGMT_PORT:-9990}
export JBOSS_HOME=$server

cli() {
  "$server/bin/jboss-cli.sh" -c --controller="127.0.0.1:$port" "$@"
}

case "$command" in
  start)
    ear=$(cd "$(dirname "$4")" && pwd)/$(basename "$4")
    properties=${5:-}
    rm -rf "$base"
    mkdir -p "$base"
    base=$(cd "$base" && pwd)
    cp -r "$server/domain/configuration" "$base/configuration"
    broker_password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    # Every node seals and opens the same stored secrets: one at-rest key for the domain
    secret_key=${PARLEY_SECRET_KEY:-$(head -c 32 /dev/urandom | base64)}
    "$server/bin/add-user.sh" -a -s -u parley-broker -p "$broker_password" -g guest -dc "$base/configuration" >/dev/null
    nohup "$server/bin/domain.sh" -Djboss.domain.base.dir="$base" -Djboss.management.http.port="$port" \
      >"$base/domain.out" 2>&1 &
    echo $! >"$base/domain.pid"
    for _ in $(seq 1 240); do
      if cli --command=":read-attribute(name=process-type)" >/dev/null 2>&1; then
        break
      fi
      sleep 0.5
    done
    commands=$(mktemp --suffix=.cli)
    trap 'rm -f "$commands"' EXIT
    {
      echo "/system-property=parley.broker.password:add(value=\"$broker_password\")"
      echo "/system-property=parley.media.dir:add(value=\"$base/media\")"
      echo "/system-property=parley.broker.shared-dir:add(value=\"$base/broker\")"
      echo "/system-property=parley.secret-key:add(value=\"$secret_key\")"
      if [ -n "$properties" ]; then
        while IFS='=' read -r name value; do
          [ -z "$name" ] || [[ "$name" == \#* ]] && continue
          echo "/system-property=$name:add(value=\"$value\")"
        done <"$properties"
      fi
      echo "deploy $ear --name=parley.ear --runtime-name=parley.ear --server-groups=parley-webapp,parley-coreapp"
      # The primary broker first, so that it takes the shared folder's lock and the backup waits as backup
      echo "/host=primary/server-config=webapp-1:start(blocking=true)"
      echo "/host=primary/server-config=broker-backup-1:start(blocking=true)"
      echo "/host=primary/server-config=coreapp-1:start(blocking=true)"
      echo "/host=primary/server-config=coreapp-2:start(blocking=true)"
    } >"$commands"
    cli --file="$commands" >"$base/start.out"
    echo "Parley domain started in $base (host controller on 127.0.0.1:$port)."
    ;;
  stop)
    base=$(cd "$base" && pwd)
    # Every process of this domain (process controller, host controller, servers) names its base folder
    processes="-Djboss.domain.base.dir=$base( |\$)"
    cli --command="/host=primary:shutdown" >/dev/null 2>&1 || true
    for _ in $(seq 1 120); do
      pgrep -f -- "$processes" >/dev/null || break
      sleep 0.5
    done
    pkill -9 -f -- "$processes" || true
    echo "Parley domain in $base stopped."
    ;;
  *)
    echo "usage: local-domain.sh start|stop WILDFLY_HOME BASE_DIR [EAR [PROPERTIES_FILE]]" >&2
    exit 2
    ;;
esac
