#!/usr/bin/env bash
# `npm start`: set up what is missing, build the two web apps, run the whole desk in one
# process on embedded defaults (local disk under ./data, embedded database).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/lib/env.sh
require_project_node
echo "==> building web apps"
npx vite build desk-web --logLevel warn
npx vite build citizen-web --logLevel warn
echo "==> starting clamd (documents are scanned before anyone can open them)"
# Prints `export CLAMD_HOST/PORT/SOCKET=…`; the config reads them (default 127.0.0.1:13310).
eval "$(bash scripts/services/clamd.sh start)"
echo "==> starting coturn (TURN for citizens behind networks that block UDP; loopback only)"
# The shared secret is generated into the data dir, where the server reads it too (never printed).
if [ "${TURN_URLS:-}" != none ]; then
  data_dir="$(realpath -m "${DATA_DIR:-data}")"
  eval "$(VIDEOLOKET_TURN_DIR="$data_dir/coturn" VIDEOLOKET_TURN_SECRET_FILE="$data_dir/secrets/turn.key" bash scripts/services/coturn.sh start)"
fi
echo "==> starting Videoloket"
exec npx tsx signaling/src/main.ts
