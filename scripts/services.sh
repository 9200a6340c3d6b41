#!/usr/bin/env bash
# Start, stop or check the private PostgreSQL/PostGIS cluster and Redis server of this checkout.
# Both listen only on Unix sockets in .var/run, so several checkouts can run side by side.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR="${NPMS_VAR_DIR:-$ROOT/.var}"
RUN="$VAR/run"
PGDATA="$VAR/pg"
PGBIN=/usr/lib/postgresql/15/bin

as_pg() {
  # initdb and pg_ctl refuse to run as root: run them as the postgres system user.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_traversable() {
  # The postgres user must reach .var/ through every parent directory (mktemp -d makes 0700).
  [ "$(id -u)" = 0 ] || return 0
  local d="$VAR"
  while [ "$d" != "/" ]; do
    if [ -d "$d" ] && ! runuser -u postgres -- test -x "$d"; then chmod o+x "$d"; fi
    d=$(dirname "$d")
  done
}

pg_start() {
  mkdir -p "$RUN" "$VAR/log" "$VAR/staticfiles"
  if [ "$(id -u)" = 0 ]; then chown postgres "$RUN" "$VAR/log"; chmod 0755 "$VAR"; fi
  ensure_traversable
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$VAR/log/initdb.log"
  fi
  if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then return 0; fi
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$VAR/log/postgres.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$RUN' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB" \
    start >/dev/null
}

pg_ensure_db() {
  local db="$1"
  if ! psql -h "$RUN" -U postgres -tAc "select 1 from pg_database where datname='$db'" postgres | grep -q 1; then
    psql -h "$RUN" -U postgres -q -c "create database $db" postgres
  fi
  psql -h "$RUN" -U postgres -q -c "create extension if not exists postgis; create extension if not exists btree_gist;" "$db"
}

redis_start() {
  mkdir -p "$RUN" "$VAR/redis" "$VAR/log"
  if [ -S "$RUN/redis.sock" ] && redis-cli -s "$RUN/redis.sock" ping >/dev/null 2>&1; then return 0; fi
  # Append-only file in .var/redis, fsync'd every second: queued jobs survive a restart of Redis
  # (README "When Redis is lost"). No RDB snapshots: the AOF is enough.
  redis-server --port 0 --unixsocket "$RUN/redis.sock" --unixsocketperm 700 --daemonize yes \
    --dir "$VAR/redis" --pidfile "$RUN/redis.pid" --logfile "$VAR/log/redis.log" --save "" \
    --appendonly yes --appendfsync everysec
  for _ in $(seq 1 50); do
    redis-cli -s "$RUN/redis.sock" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "redis-server did not start; see $VAR/log/redis.log" >&2
  return 1
}

stop() {
  if [ -S "$RUN/redis.sock" ]; then redis-cli -s "$RUN/redis.sock" shutdown nosave >/dev/null 2>&1 || true; fi
  if [ -f "$PGDATA/PG_VERSION" ]; then as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true; fi
}

case "${1:-}" in
  start) pg_start; redis_start; pg_ensure_db "${2:-npms}" ;;
  stop) stop ;;
  *) echo "usage: $0 start [dbname] | stop" >&2; exit 2 ;;
esac
