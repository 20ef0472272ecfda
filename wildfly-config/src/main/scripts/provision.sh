#!/usr/bin/env bash
# Configures an unpacked WildFly for Parley with the CLI scripts of wildfly-config/src/main/cli.
#
#   provision.sh SERVER_DIR h2|mysql [EXTRA.cli ...]
#
# Every script is idempotent, so running this again is harmless; it is skipped when the server was
# already configured from the same scripts. For mysql, MYSQL_DRIVER_JAR names the Connector/J jar.
set -euo pipefail

cli_dir=$(cd "$(dirname "$0")/../cli" && pwd)
server=$(cd "$1" && pwd)
db=$2
shift 2

scripts=("$cli_dir/configure-logging.cli" "$cli_dir/configure-datasource-$db.cli" "$cli_dir/configure-jms.cli" "$cli_dir/configure-mdb.cli" "$cli_dir/configure-https.cli" "$cli_dir/configure-transactions.cli" "$cli_dir/configure-media-store.cli" "$@")
[ -f "${scripts[1]}" ] || { echo "provision.sh: unknown database '$db' (h2 or mysql)" >&2; exit 2; }

stamp="$server/.parley-provisioned"
fingerprint=$(cat "${scripts[@]}" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
  echo "WildFly at $server is already configured for Parley ($db)."
  exit 0
fi

export JBOSS_HOME=$server
if [ "$db" = mysql ] && [ ! -d "$server/modules/com/mysql" ]; then
  : "${MYSQL_DRIVER_JAR:?MYSQL_DRIVER_JAR must name the MySQL Connector/J jar}"
  "$server/bin/jboss-cli.sh" --file="$cli_dir/install-mysql-driver.cli" --properties=<(echo "mysql.driver.jar=$MYSQL_DRIVER_JAR")
fi

combined=$(mktemp --suffix=.cli)
trap 'rm -f "$combined"' EXIT
{
  echo "embed-server --server-config=standalone-full.xml --std-out=discard"
  for script in "${scripts[@]}"; do
    cat "$script"
    echo
  done
  echo "stop-embedded-server"
} >"$combined"
"$server/bin/jboss-cli.sh" --file="$combined"
echo "$fingerprint" >"$stamp"
echo "WildFly at $server configured for Parley ($db)."
