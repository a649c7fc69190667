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
echo "==> starting Videoloket"
exec npx tsx signaling/src/main.ts
