#!/usr/bin/env bash
# `npm run bench:<name> [-- args]`: set up, start the services a benchmark may need, build
# the web apps (not for capacity), run bench/<name>.ts with the arguments. Each benchmark
# prints its figures and writes docs/benchmarks/<name>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: bench.sh NAME}"
bash scripts/setup.sh
source scripts/lib/env.sh
require_project_node
# bench:capacity drives the SFU alone: no services, no web apps.
if [ "$name" != capacity ]; then
  eval "$(bash scripts/services.sh start)"
  npx vite build desk-web --logLevel warn
  npx vite build citizen-web --logLevel warn
fi
shift
exec npx tsx "bench/$name.ts" "$@"
