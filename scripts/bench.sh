#!/usr/bin/env bash
# `npm run bench:<name>`: set up, start the services a benchmark may need, build the web
# apps, run bench/<name>.ts. Each benchmark prints its figures and writes
# docs/benchmarks/<name>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: bench.sh NAME}"
bash scripts/setup.sh
source scripts/lib/env.sh
require_project_node
eval "$(bash scripts/services.sh start)"
npx vite build desk-web --logLevel warn
npx vite build citizen-web --logLevel warn
shift
exec npx tsx "bench/$name.ts" "$@"
