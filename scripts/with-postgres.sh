#!/bin/sh
# Runs a command beside a throwaway PostgreSQL cluster and stops the cluster afterwards, whatever
# the command's outcome. The command sees SITREP_TEST_POSTGRES_URL (a database it may use and
# drop, and whose owner may create more). Usage: scripts/with-postgres.sh COMMAND [ARG...]
set -eu

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "with-postgres: no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi
# A free loopback port, so that two runs (or a developer's own server) never collide.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-pg.XXXXXX")

# initdb refuses to run as root: the cluster then belongs to the postgres account.
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

stop() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

as_owner "$bin/initdb" -D "$dir/data" -U sitrep -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# Durability is worth nothing in a cluster that is deleted after the run.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start \
  || { cat "$dir/server.log" >&2; exit 1; }
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U sitrep sitrep_test

SITREP_TEST_POSTGRES_URL="postgresql://sitrep@127.0.0.1:$port/sitrep_test"
export SITREP_TEST_POSTGRES_URL
status=0
"$@" || status=$?
exit "$status"
