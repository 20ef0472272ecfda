#!/usr/bin/env bash
# Runs every test: formatting check, unit tests, and the Arquillian integration tests against a managed
# WildFly with its datasource on MySQL (the local MariaDB server, which this script starts, or installs
# with apt-get when it is missing and the script runs as root).
#
# The tests create and drop their own database and user; they reach the server as root over TCP by
# default (PARLEY_IT_DB_ROOT_URL overrides the JDBC URL they use).
set -euo pipefail
cd "$(dirname "$0")"

mariadb_up() {
  command -v mariadb >/dev/null 2>&1 && mariadb --protocol=TCP -h127.0.0.1 -uroot -e 'SELECT 1' >/dev/null 2>&1
}

mariadb_reachable() {
  (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null
}

if ! mariadb_reachable; then
  if [ ! -x /usr/sbin/mariadbd ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "No MySQL-protocol server on 127.0.0.1:3306 and not root: install mariadb-server first." >&2
      exit 1
    fi
    echo "Installing MariaDB..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
  fi
  echo "Starting MariaDB..."
  install -d -o mysql -g mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  for _ in $(seq 1 60); do
    mariadb_reachable && break
    sleep 1
  done
fi

if [ -z "${PARLEY_IT_DB_ROOT_URL:-}" ] && ! mariadb_up && [ "$(id -u)" = 0 ] && command -v mariadb >/dev/null 2>&1; then
  # A fresh Debian MariaDB lets root in only through the socket: give the tests an administrator of their own.
  mariadb -uroot -e "CREATE USER IF NOT EXISTS 'parley_test_admin'@'localhost' IDENTIFIED BY 'parley-test-admin';
                     GRANT ALL ON *.* TO 'parley_test_admin'@'localhost' WITH GRANT OPTION;"
  PARLEY_IT_DB_ROOT_URL='jdbc:mysql://127.0.0.1:3306/?user=parley_test_admin&password=parley-test-admin&allowPublicKeyRetrieval=true&useSSL=false'
fi

args=(-B verify)
if [ -n "${PARLEY_IT_DB_ROOT_URL:-}" ]; then
  args+=("-Dparley.it.db.root-url=$PARLEY_IT_DB_ROOT_URL")
fi
exec mvn "${args[@]}" "$@"
