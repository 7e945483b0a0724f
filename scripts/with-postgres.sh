#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster (DATABASE_URL set),
# then stop and delete the cluster. Works as root (through runuser) and as an
# ordinary user. Without server binaries it skips, unless CI=true.
set -euo pipefail

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && bindir="$candidate"
done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then
  bindir=$(dirname "$(command -v initdb)")
fi
if [ -z "$bindir" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL server binaries not found, and CI=true: the PostgreSQL run is mandatory." >&2
    exit 1
  fi
  echo "SKIPPED: PostgreSQL run (no server binaries; install Debian's postgresql package)."
  exit 0
fi

dir=$(mktemp -d /tmp/portal-pg.XXXXXX)
port=${PGTEST_PORT:-$((54000 + RANDOM % 900))}
as_owner=()
if [ "$(id -u)" = "0" ]; then
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
# A random port may be taken by another cluster or server: try a few.
for attempt in 1 2 3 4 5; do
  if "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=250" \
    start >/dev/null; then
    break
  fi
  if [ "$attempt" = 5 ] || [ -n "${PGTEST_PORT:-}" ]; then
    echo "Could not start PostgreSQL (last port $port):" >&2
    tail -5 "$dir/log" >&2
    exit 1
  fi
  port=$((54000 + RANDOM % 900))
done
psql -h 127.0.0.1 -p "$port" -U postgres -q \
  -c "create role portal login createdb password 'portal'" >/dev/null
psql -h 127.0.0.1 -p "$port" -U postgres -q -c "create database portal owner portal" >/dev/null

echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
export DATABASE_URL="postgres://portal:portal@127.0.0.1:$port/portal"
"$@"
