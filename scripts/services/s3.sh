#!/usr/bin/env bash
# A single-node S3-compatible object store for tests: OpenStack Swift from Debian with
# the s3api middleware and tempauth, on loopback, with data under $VIDEOLOKET_CACHE/swift.
# (MinIO, used in production, is not installable on this machine; see docs/storage.md.)
#   bash scripts/services/s3.sh start   # prints `export S3_*=…` lines on stdout
#   bash scripts/services/s3.sh stop
#   bash scripts/services/s3.sh status
# Ports (non-default, so packaged Swift/memcached services cannot clash):
#   proxy ${VIDEOLOKET_S3_PORT:-18480}, account 16012, container 16011, object 16010, memcached 11712.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh

proxy_port="${VIDEOLOKET_S3_PORT:-18480}"
account_port=16012; container_port=16011; object_port=16010; memcache_port=11712
root="$VIDEOLOKET_CACHE/swift"
etc="$root/etc"; devices="$root/devices"; run="$root/run"; logs="$root/log"
access_key="videoloket:tester"; secret_key="videoloket-test-secret"
bucket="videoloket-test"
servers=(memcached account container object proxy)

log() { echo "s3 (swift): $*" >&2; }

print_env() {
  echo "export S3_ENDPOINT=http://127.0.0.1:$proxy_port"
  echo "export S3_REGION=us-east-1"
  echo "export S3_ACCESS_KEY=$access_key"
  echo "export S3_SECRET_KEY=$secret_key"
  echo "export S3_BUCKET=$bucket"
}

pid_of() { local f="$run/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }

healthy() { curl -fsS -m 2 "http://127.0.0.1:$proxy_port/healthcheck" >/dev/null 2>&1; }

# The proxy answers /healthcheck before the rings and backends are usable; a tempauth
# token plus a HEAD on the account proves the whole chain (memcache, auth, account server).
# Swift's native API is used here because curl's SigV4 cannot take an access key that
# contains a colon (tempauth's S3 access keys are "account:user").
swift_token() {
  curl -fsS -m 5 -o /dev/null -D - -H "X-Auth-User: $access_key" -H "X-Auth-Key: $secret_key" \
    "http://127.0.0.1:$proxy_port/auth/v1.0" 2>/dev/null | tr -d '\r' | sed -n 's/^[Xx]-[Aa]uth-[Tt]oken: //p'
}
s3_ready() {
  local token; token=$(swift_token) || return 1
  [ -n "$token" ] || return 1
  curl -fsS -m 5 -o /dev/null -I -H "X-Auth-Token: $token" "http://127.0.0.1:$proxy_port/v1/AUTH_videoloket" 2>/dev/null
}
create_bucket() {
  # An S3 bucket is a Swift container; PUT is idempotent (201 or 202).
  local token; token=$(swift_token)
  curl -fsS -m 10 -o /dev/null -X PUT -H "X-Auth-Token: $token" "http://127.0.0.1:$proxy_port/v1/AUTH_videoloket/$bucket" >&2
}

write_config() {
  mkdir -p "$etc" "$devices/d1" "$run" "$logs"
  local user; user=$(id -un)
  cat > "$etc/swift.conf" <<CONF
[swift-hash]
# Test instance only: fixed values are fine because the data is throw-away.
swift_hash_path_suffix = videoloket-test
swift_hash_path_prefix = videoloket-test
[storage-policy:0]
name = Policy-0
default = yes
CONF
  local common="[DEFAULT]
swift_dir = $etc
devices = $devices
mount_check = false
bind_ip = 127.0.0.1
user = $user
workers = 1
log_name = %s
log_level = WARNING
log_address = $run/nolog
"
  for kind in account container object; do
    local port_var="${kind}_port"
    { printf "$common" "$kind"; echo "bind_port = ${!port_var}"
      echo; echo "[pipeline:main]"; echo "pipeline = $kind-server"
      echo; echo "[app:$kind-server]"; echo "use = egg:swift#$kind"
      [ "$kind" = object ] && echo "allowed_headers = Content-Disposition, Content-Encoding, X-Delete-At, X-Object-Manifest, X-Static-Large-Object, Cache-Control, Content-Language, Expires, X-Robots-Tag"
      echo; echo "[$kind-replicator]"; echo; echo "[$kind-auditor]"; echo "[$kind-updater]"
    } > "$etc/$kind-server.conf"
  done
  { printf "$common" proxy; echo "bind_port = $proxy_port"
    cat <<CONF

[pipeline:main]
# s3api must sit before tempauth; cache (memcache) is needed by tempauth's tokens
# and s3api, slo by s3api's multipart uploads (which @tus/s3-store relies on).
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1
# AWS SDKs send requests with and without a region in the scope; accept both.
s3_acl = false
check_bucket_owner = false
max_upload_part_num = 10000

[filter:tempauth]
use = egg:swift#tempauth
user_videoloket_tester = $secret_key .admin
reseller_prefix = AUTH_

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$memcache_port

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
CONF
  } > "$etc/proxy-server.conf"
}

build_rings() {
  [ -f "$etc/object.ring.gz" ] && return 0
  log "building one-device rings"
  (cd "$etc"
    for kind in account container object; do
      local port_var="${kind}_port"
      swift-ring-builder "$kind.builder" create 2 1 1 >/dev/null
      swift-ring-builder "$kind.builder" add "r1z1-127.0.0.1:${!port_var}/d1" 100 >/dev/null
      swift-ring-builder "$kind.builder" rebalance >/dev/null || true
    done)
}

launch() {
  local name=$1; shift
  if pid_of "$name" >/dev/null; then return 0; fi
  setsid "$@" >>"$logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$run/$name.pid"
}

start() {
  if pid_of proxy >/dev/null && s3_ready; then
    create_bucket
    log "already running on 127.0.0.1:$proxy_port"; print_env; return 0
  fi
  write_config
  build_rings
  log "starting memcached and swift servers (ready takes up to ~40 s)"
  launch memcached memcached -l 127.0.0.1 -p "$memcache_port" -U 0 -m 64 -u "$(id -un)"
  for kind in account container object; do
    launch "$kind" "swift-$kind-server" "$etc/$kind-server.conf"
  done
  launch proxy swift-proxy-server "$etc/proxy-server.conf"
  for i in $(seq 1 180); do
    if s3_ready; then
      log "ready after ~$((i / 2)) s"
      create_bucket
      print_env; return 0
    fi
    for s in "${servers[@]}"; do
      if ! pid_of "$s" >/dev/null; then log "$s exited; see $logs/$s.log"; tail -n 20 "$logs/$s.log" >&2; exit 1; fi
    done
    sleep 0.5
  done
  log "not ready after 90 s; logs in $logs"; exit 1
}

stop() {
  for s in proxy object container account memcached; do
    local pid
    if pid=$(pid_of "$s"); then
      log "stopping $s (pid $pid)"
      # setsid made each server its own process group; end the group (server + workers).
      kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$run/$s.pid"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if pid_of proxy >/dev/null && s3_ready; then echo running; else echo stopped; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
