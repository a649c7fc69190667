#!/usr/bin/env bash
# Project-local Redis for the tests of the shared live state (issue 13).
#
#   bash scripts/services/redis.sh start   # prints `export TEST_REDIS_URL=...` on stdout
#   bash scripts/services/redis.sh stop
#   bash scripts/services/redis.sh status
#
# Debian's redis-server, never the system-wide one: loopback only, port 56379 (override with
# VIDEOLOKET_REDIS_PORT), no persistence (test state only), its pid and log under
# $VIDEOLOKET_CACHE/redis. Tests that restart or firewall Redis start their own instance;
# the rest share this one and keep apart by key prefix. Idempotent: `start` reuses a
# running instance. Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh

PORT="${VIDEOLOKET_REDIS_PORT:-56379}"
DIR="$VIDEOLOKET_CACHE/redis"
URL="redis://127.0.0.1:$PORT"

say() { echo "    redis: $*" >&2; }
ready() { redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; }

start() {
  if ! command -v redis-server >/dev/null; then
    say "missing redis-server: install Debian's redis-server (scripts/debian-packages.txt)"
    exit 1
  fi
  mkdir -p "$DIR"
  if ready; then
    say "reusing the instance on 127.0.0.1:$PORT"
  else
    say "starting on 127.0.0.1:$PORT"
    redis-server --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no --daemonize yes \
      --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --dir "$DIR" >/dev/null
    for _ in $(seq 1 50); do ready && break; sleep 0.1; done
    ready || { say "did not become ready; see $DIR/redis.log"; exit 1; }
  fi
  say "ready"
  echo "export TEST_REDIS_URL=$URL"
}

stop() {
  if ready; then
    say "stopping"
    redis-cli -h 127.0.0.1 -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
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
