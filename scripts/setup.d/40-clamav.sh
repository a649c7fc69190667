#!/usr/bin/env bash
# Project-local ClamAV signature database for development and tests.
#
# TEST SIGNATURES ONLY. Production runs Debian's clamav-daemon with freshclam keeping
# the official databases (main/daily/bytecode) up to date; see docs/storage.md. This
# machine cannot reach the signature mirrors, so we compile a tiny database from
# storage/clamav/*.{ndb,hdb} (the EICAR test file, nothing else) into
# $VIDEOLOKET_CACHE/clamav/db, which only scripts/services/clamd.sh uses.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh

src=storage/clamav
db="$VIDEOLOKET_CACHE/clamav/db"
mkdir -p "$db"
changed=0
for f in "$src"/*.ndb "$src"/*.hdb; do
  [ -e "$f" ] || continue
  dest="$db/$(basename "$f")"
  if ! cmp -s "$f" "$dest"; then
    cp "$f" "$dest.tmp" && mv "$dest.tmp" "$dest"
    changed=1
  fi
done
if [ "$changed" = 1 ]; then
  # sigtool refuses malformed signature lines; fail setup rather than a silent clamd.
  for f in "$db"/*.ndb "$db"/*.hdb; do
    [ -e "$f" ] || continue
    sigtool --list-sigs="$f" >/dev/null
  done
  echo "    local test signatures installed in $db ($(cat "$db"/*db | wc -l) signatures)"
else
  echo "    local test signatures up to date"
fi
