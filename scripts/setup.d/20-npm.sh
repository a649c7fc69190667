#!/usr/bin/env bash
# `npm ci` when package-lock.json changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
stamp=node_modules/.videoloket-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "    npm packages up to date"
  exit 0
fi
echo "    npm ci (MEDIASOUP_WORKER_BIN is set, so mediasoup downloads nothing)"
# npm ci replaces node_modules, the project's Node included (env.sh put it first
# on PATH): run npm on the machine's Node, with this checkout's node_modules off
# PATH, so the `node` package's preinstall also runs there while its binary is
# being fetched.
system_path="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v "^$PWD/node_modules" | paste -sd: -)"
# Same lock as developers' `npm install`s, so two installs never interleave.
PATH="$system_path" flock /tmp/videoloket-npm.lock npm ci --no-audit --no-fund
echo "$want" > "$stamp"
