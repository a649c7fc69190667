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
# npm ci replaces node_modules, including the project's Node 24 (env.sh puts it
# first on PATH, and so does `npm run`): run npm on the machine's own Node, with
# every node_modules directory of this checkout taken off PATH. (An older system
# Node makes npm warn EBADENGINE about the engines fields; only the install runs
# on it.)
system_path="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v "^$PWD/node_modules" | paste -sd: -)"
# Same lock as developers' `npm install`s, so two installs never interleave.
PATH="$system_path" flock /tmp/videoloket-npm.lock npm ci --no-audit --no-fund
echo "$want" > "$stamp"
