#!/usr/bin/env bash
# Starts (or stops) every test service in scripts/services/. `start` prints the
# `export NAME=value` lines of all of them on stdout, progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
action="${1:?usage: services.sh start|stop}"
for svc in scripts/services/*.sh; do
  [ -e "$svc" ] || continue
  echo "    service $(basename "$svc" .sh): $action" >&2
  bash "$svc" "$action"
done
