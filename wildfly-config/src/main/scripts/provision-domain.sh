#!/usr/bin/env bash
# Configures the managed domain of an unpacked WildFly (its domain/configuration) for Parley:
#
#   provision-domain.sh WILDFLY_HOME
#
# Two profiles cloned from WildFly's "full": parley-webapp and parley-coreapp, each configured with the same CLI
# scripts as a standalone server (src/main/cli, addressed to the profile), except that only the WebApp profile has
# a broker and the CoreApp profile reaches it remotely (src/main/domain/configure-coreapp-messaging.cli); then the
# server groups and a local topology (src/main/domain/configure-topology.cli); then the broker's backup: a third
# profile, parley-broker, with the same queues, and the shared-store pair (src/main/domain/configure-broker-ha.cli).
# MySQL only. Idempotent, and skipped when already done from the same scripts. MYSQL_DRIVER_JAR names Connector/J if
# its module is not installed yet.
set -euo pipefail

cli_dir=$(cd "$(dirname "$0")/../cli" && pwd)
domain_dir=$(cd "$(dirname "$0")/../domain" && pwd)
server=$(cd "$1" && pwd)

both=(configure-logging.cli configure-datasource-mysql.cli configure-https.cli configure-transactions.cli configure-media-store.cli configure-mdb.cli)
inputs=()
for script in "${both[@]}" configure-jms.cli; do inputs+=("$cli_dir/$script"); done
inputs+=("$domain_dir/configure-coreapp-messaging.cli" "$domain_dir/configure-topology.cli")
inputs+=("$domain_dir/configure-broker-ha.cli" "$0")

stamp="$server/.parley-domain-provisioned"
fingerprint=$(cat "${inputs[@]}" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
  echo "The WildFly domain at $server is already configured for Parley."
  exit 0
fi

export JBOSS_HOME=$server
if [ ! -d "$server/modules/com/mysql" ]; then
  : "${MYSQL_DRIVER_JAR:?MYSQL_DRIVER_JAR must name the MySQL Connector/J jar}"
  "$server/bin/jboss-cli.sh" --file="$cli_dir/install-mysql-driver.cli" --properties=<(echo "mysql.driver.jar=$MYSQL_DRIVER_JAR")
fi

# A standalone script addressed to a profile: /subsystem=... becomes /profile=NAME/subsystem=...
profiled() {
  sed -E "s#(^|[[:space:](])/subsystem=#\1/profile=$1/subsystem=#g" "$2"
}

combined=$(mktemp --suffix=.cli)
trap 'rm -f "$combined"' EXIT
{
  echo "embed-host-controller --std-out=discard"
  for profile in parley-webapp parley-coreapp; do
    echo "if (outcome != success) of /profile=$profile:read-resource"
    echo "    /profile=full:clone(to-profile=$profile)"
    echo "end-if"
    for script in "${both[@]}"; do
      profiled "$profile" "$cli_dir/$script"
      echo
    done
  done
  profiled parley-webapp "$cli_dir/configure-jms.cli"
  echo
  cat "$domain_dir/configure-coreapp-messaging.cli"
  echo
  cat "$domain_dir/configure-topology.cli"
  echo
  # The broker's backup: its own profile, WildFly's "full" with the same queues, and no Parley deployment
  echo "if (outcome != success) of /profile=parley-broker:read-resource"
  echo "    /profile=full:clone(to-profile=parley-broker)"
  echo "end-if"
  profiled parley-broker "$cli_dir/configure-jms.cli"
  echo
  cat "$domain_dir/configure-broker-ha.cli"
  echo
  echo "stop-embedded-host-controller"
} >"$combined"
"$server/bin/jboss-cli.sh" --file="$combined"
echo "$fingerprint" >"$stamp"
echo "The WildFly domain at $server is configured for Parley."
