#!/usr/bin/env bash
# Usage: build.sh <prepared source dir> <build dir> <log file>
#
# Configures and builds `mediasoup-worker` from a source tree prepared by
# prepare-source.sh. Prints a progress line every few compile steps; the full
# ninja output goes to <log file>, whose tail is printed on failure.
set -euo pipefail
src="$1/worker"
build="$2"
log="$3"
jobs="${VIDEOLOKET_BUILD_JOBS:-$(nproc)}"

fail() {
  echo "    build failed; last lines of $log:" >&2
  tail -n 40 "$log" >&2
  exit 1
}

rm -rf "$build"
mkdir -p "$(dirname "$log")"
: > "$log"
echo "    meson setup (Debian libraries, --wrap-mode=nodownload)"
# -Db_ndebug=true: without it the worker aborts on a flatbuffers assertion
#   when a PlainTransport connects.
meson setup "$build" "$src" \
  --buildtype=release \
  --wrap-mode=nodownload \
  -Db_ndebug=true \
  -Db_pie=true \
  >>"$log" 2>&1 || fail

# The generated FBS/*.h headers must exist before any worker source compiles;
# upstream's meson.build does not order them, so build the generator first.
echo "    generating flatbuffers headers"
mapfile -t fbs_headers < <(ninja -C "$build" -t targets all | sed -n 's/^\(fbs\/FBS\/[^:]*\.h\):.*/\1/p')
[ ${#fbs_headers[@]} -gt 0 ] || { echo "    no fbs/FBS/*.h targets in the build" >>"$log"; fail; }
ninja -C "$build" -j "$jobs" "${fbs_headers[@]}" >>"$log" 2>&1 || fail

echo "    compiling mediasoup-worker with $jobs jobs (takes several minutes the first time)"
start=$SECONDS
set +e
# A line every 20 steps or every minute, whichever comes first: on a busy
# machine one step can take a minute, and a silent setup looks hung.
ninja -C "$build" -j "$jobs" mediasoup-worker 2>&1 | tee -a "$log" | {
  last=0; last_at=$SECONDS
  while IFS= read -r line; do
    if [[ "$line" =~ ^\[([0-9]+)/([0-9]+)\] ]]; then
      n=${BASH_REMATCH[1]}; total=${BASH_REMATCH[2]}
      if (( n == total || n - last >= 20 || SECONDS - last_at >= 60 )); then
        last=$n; last_at=$SECONDS
        echo "    [$n/$total] $(( 100 * n / total ))% after $(( SECONDS - start ))s"
      fi
    fi
  done
}
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 0 ] || fail
[ -x "$build/mediasoup-worker" ] || fail
