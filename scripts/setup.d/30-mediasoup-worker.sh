#!/usr/bin/env bash
# Build mediasoup's C++ worker from the sources in its npm package against
# Debian's libraries, cache the binary, and point mediasoup at it.
#
# mediasoup's own install step downloads a prebuilt worker from GitHub or,
# failing that, pip packages and meson subprojects; none of that is reachable
# here. See docs/mediasoup-worker.md.
#
# Cache key: mediasoup version + hash of scripts/mediasoup-worker/ (subproject
# stand-ins, compat header, patch and build scripts) + versions of the Debian
# -dev packages compiled in. A cached run only hashes and checks symlinks.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh

pkg=node_modules/mediasoup
inputs=scripts/mediasoup-worker
if [ ! -f "$pkg/package.json" ]; then
  echo "    $pkg missing: run the npm step first" >&2
  exit 1
fi
version="$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$pkg/package.json" | head -n1)"

debian_pkgs=(libsrtp2-dev libuv1-dev libflatbuffers-dev flatbuffers-compiler libssl-dev meson)
hash="$(
  {
    echo "mediasoup $version"
    (cd "$inputs" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    dpkg-query -W -f='${Package} ${Version}\n' "${debian_pkgs[@]}" 2>/dev/null || true
  } | sha256sum | cut -c1-16
)"
key="mediasoup-worker-$version-$hash"
bin_dir="$VIDEOLOKET_CACHE/mediasoup-worker-bin"
bin="$bin_dir/$key"
pkg_link="$pkg/worker/out/Release/mediasoup-worker"

link() {
  # $1 target, $2 link name; replace only when it points elsewhere.
  if [ "$(readlink "$2" 2>/dev/null || true)" != "$1" ]; then
    mkdir -p "$(dirname "$2")"
    ln -sfn "$1" "$2"
  fi
}

if [ ! -x "$bin" ]; then
  # Serialise builds: two setups racing would compile twice into one dir.
  mkdir -p "$bin_dir"
  exec 9>"$bin_dir/.build.lock"
  if ! flock -n 9; then
    echo "    another setup is building a worker; waiting for it"
    flock 9
  fi
fi

if [ ! -x "$bin" ]; then
  work="$VIDEOLOKET_CACHE/mediasoup-worker-build/$key"
  echo "    building $key (no cached binary; out of tree in $work)"
  echo "    a clean build takes about 20 minutes of CPU (mediasoup 3.32): some 10 minutes on 2 idle cores, longer on a busy machine"
  t0=$SECONDS
  bash "$inputs/prepare-source.sh" "$pkg" "$work/src"
  bash "$inputs/build.sh" "$work/src" "$work/build" "$work/build.log"
  install -m 0755 "$work/build/mediasoup-worker" "$bin.tmp"
  mv -f "$bin.tmp" "$bin"
  echo "    built in $(( SECONDS - t0 ))s; build tree kept in $work (safe to delete)"
  built=1
  # Old build trees are large; keep only the current one.
  find "$VIDEOLOKET_CACHE/mediasoup-worker-build" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -exec rm -rf {} +
else
  echo "    cached: $key"
fi

# Where mediasoup looks when MEDIASOUP_WORKER_BIN is not set, and where
# scripts/lib/env.sh points it: per checkout, so checkouts on other mediasoup
# versions keep their own worker.
link "$bin" "$pkg_link"

# After a build (or on request), prove the binary runs: Worker, Router,
# WebRtcServer, WebRtcTransport, PlainTransport.
if [ "${built:-0}" = 1 ] || [ "${VIDEOLOKET_VERIFY_WORKER:-0}" = 1 ]; then
  node sfu/scripts/verify-worker.mjs
fi
