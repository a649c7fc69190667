#!/usr/bin/env bash
# Project-local PostgreSQL 15 cluster for the back-office repository tests.
#
#   bash scripts/services/postgres.sh start   # prints `export TEST_DATABASE_URL=...` on stdout
#   bash scripts/services/postgres.sh stop
#   bash scripts/services/postgres.sh status
#
# Debian's binaries (/usr/lib/postgresql/15/bin), never the system-wide cluster:
# data under $VIDEOLOKET_CACHE/pg, loopback only, port 55432 (override with
# VIDEOLOKET_PG_PORT), trust auth for the local test user only. Idempotent:
# `start` reuses a running cluster. Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh

PG_BIN="${VIDEOLOKET_PG_BIN:-/usr/lib/postgresql/15/bin}"
PORT="${VIDEOLOKET_PG_PORT:-55432}"
DATA="$VIDEOLOKET_CACHE/pg/data"
SOCK="$VIDEOLOKET_CACHE/pg/run"
LOG="$VIDEOLOKET_CACHE/pg/postgres.log"
USER_NAME=videoloket
DB_NAME=videoloket_test
URL="postgres://$USER_NAME@127.0.0.1:$PORT/$DB_NAME"

say() { echo "    postgres: $*" >&2; }

# initdb and postgres refuse to run as root: run them as the owner of the data.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres -U "$USER_NAME" >/dev/null 2>&1; }

start() {
  if [ ! -x "$PG_BIN/postgres" ]; then
    say "missing $PG_BIN/postgres: install Debian's postgresql (scripts/debian-packages.txt)"
    exit 1
  fi
  mkdir -p "$VIDEOLOKET_CACHE/pg" "$SOCK"
  if [ "$(id -u)" -eq 0 ]; then
    # As root the cluster runs as the postgres user, which must be able to reach the
    # data dir: grant traverse-only (o+x, no listing) on each parent that lacks it.
    chown -R postgres:postgres "$VIDEOLOKET_CACHE/pg"
    dir="$VIDEOLOKET_CACHE"
    while [ "$dir" != "/" ]; do
      [ -n "$(find "$dir" -maxdepth 0 -perm -o+x)" ] || chmod o+x "$dir"
      dir="$(dirname "$dir")"
    done
  fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    say "initdb into $DATA"
    as_owner "$PG_BIN/initdb" -D "$DATA" -U "$USER_NAME" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ready; then
    say "reusing the cluster on 127.0.0.1:$PORT"
  else
    say "starting on 127.0.0.1:$PORT"
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -k $SOCK -c fsync=off -c max_connections=50" start >/dev/null
    for _ in $(seq 1 60); do ready && break; sleep 0.5; done
    ready || { say "did not become ready; see $LOG"; exit 1; }
  fi
  if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" -d postgres -tAc "select 1 from pg_database where datname='$DB_NAME'" | grep -q 1; then
    say "creating database $DB_NAME"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" "$DB_NAME"
  fi
  say "ready"
  echo "export TEST_DATABASE_URL=$URL"
}

stop() {
  if [ -f "$DATA/postmaster.pid" ]; then
    say "stopping"
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || true
  else
    say "not running"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) if ready; then say "running on 127.0.0.1:$PORT"; else say "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
