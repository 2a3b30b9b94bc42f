#!/usr/bin/env bash
# Start (or reuse) a throw-away PostgreSQL cluster for the store tests and print the URL to export:
#   eval "$(scripts/start-postgres.sh)"
# Idempotent: a second run finds the running cluster and prints the same line. Stop it with
#   scripts/start-postgres.sh --stop
# When this run started the server (rather than finding it running) it also prints
# `export RASD_PG_STARTED=1`, so that a caller (make test) stops only what it started.
# The cluster lives in $RASD_PG_DIR (default /tmp/rasd-pg), listens on 127.0.0.1 only, on the first
# free port from 54329 up, trusts local connections (test data only), and has one database, rasd_test.
set -euo pipefail

dir="${RASD_PG_DIR:-/tmp/rasd-pg}"
db="rasd_test"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "start-postgres: no PostgreSQL server found (apt-get install -y postgresql)" >&2
  exit 1
fi

# initdb refuses to run as root: run the server as the `postgres` user then.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ "${1:-}" == "--stop" ]]; then
  [[ -d "$dir/data" ]] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
  exit 0
fi

mkdir -p "$dir"
[[ "$(id -u)" == 0 ]] && chown postgres:postgres "$dir"

if [[ ! -f "$dir/data/PG_VERSION" ]]; then
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
fi

started=0
if ! as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  started=1
  port=54329
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "$port" | as_owner tee "$dir/port" >/dev/null
fi
port="$(cat "$dir/port")"

if ! as_owner "$bindir/psql" -h "$dir" -p "$port" -U postgres -Atc "select 1 from pg_database where datname='$db'" postgres | grep -q 1; then
  as_owner "$bindir/createdb" -h "$dir" -p "$port" -U postgres "$db" >&2
fi

echo "export RASD_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/$db"
if [[ "$started" == 1 ]]; then echo "export RASD_PG_STARTED=1"; fi
