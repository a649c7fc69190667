#!/usr/bin/env bash
# `npm test`: set up, start the real services the tests need, build the web apps,
# then run the unit, integration and browser suites one after another.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/lib/env.sh
require_project_node

echo "==> static checks: TypeScript (strict) and ESLint"
npx tsc -p tsconfig.node.json
npx tsc -p tsconfig.web.json
npx eslint . --max-warnings 20

echo "==> services"
# Each service script prints `export NAME=value` lines on stdout, progress on stderr.
exports="$(bash scripts/services.sh start)"
eval "$exports"

echo "==> building web apps"
npx vite build desk-web --logLevel warn
npx vite build citizen-web --logLevel warn

results="$VIDEOLOKET_CACHE/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
for project in unit integration integration-serial e2e; do
  echo "==> tests: $project"
  npx vitest run --project "$project" --reporter=default --reporter=json \
    --outputFile.json="$results/$project.json" "$@" || status=1
done

node scripts/lib/summarise-tests.mjs "$results"/*.json || status=1
if [ "$status" -ne 0 ] && [ -f "$results/e2e-server.log" ]; then
  # A red run's server side: the shared e2e server's last warnings and errors (secrets are never logged).
  echo "==> the shared e2e server's last warnings and errors ($results/e2e-server.log)"
  # (the media worker's own packet-level warnings are left out: every run has them)
  grep -E '"level":(40|50|60)' "$results/e2e-server.log" | grep -v '"component":"mediasoup"' | tail -n 40 | cut -c1-400 || true
fi
exit $status
