#!/usr/bin/env bash
# Idempotent setup for `npm start` and `npm test`: Debian packages, npm packages,
# the mediasoup worker and local service data. Fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/env.sh
for step in scripts/setup.d/*.sh; do
  echo "==> setup: $(basename "$step" .sh)"
  bash "$step"
done
