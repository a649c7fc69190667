#!/usr/bin/env bash
# Usage: prepare-source.sh <mediasoup package dir> <dest dir>
#
# Copies the worker's C++ sources out of node_modules (never edited in place)
# into <dest dir>/worker and adapts the copy to Debian 12:
#   - every meson subproject the worker asks for becomes the local directory
#     named in its .wrap file, backed by Debian's -dev packages
#     (scripts/mediasoup-worker/subprojects/*), so --wrap-mode=nodownload
#     never needs the network;
#   - the `meson_version: '>= 1.1.0'` check is relaxed to Debian's 1.0.1
#     (the worker uses no 1.1-only feature we hit; the build and tests prove it).
set -euo pipefail
pkg="$1"
dest="$2"
here="$(cd "$(dirname "$0")" && pwd)"

rm -rf "$dest"
mkdir -p "$dest"
cp -a "$pkg/worker" "$dest/worker"
# Leftovers of an earlier build in the package would confuse meson.
rm -rf "$dest/worker/out"

for wrap in "$dest"/worker/subprojects/*.wrap; do
  name="$(basename "$wrap" .wrap)"
  [ "$name" = wingetopt ] && continue   # Windows only
  [ "$name" = catch2 ] && continue      # only for the worker's C++ tests (ms_build_tests, off)
  dir="$(sed -n 's/^directory *= *//p' "$wrap")"
  if [ ! -d "$here/subprojects/$dir" ]; then
    echo "prepare-source: no local stand-in for subproject '$name' (directory '$dir')." >&2
    echo "  mediasoup's worker changed its dependencies; add scripts/mediasoup-worker/subprojects/$dir." >&2
    exit 1
  fi
  cp -a "$here/subprojects/$dir" "$dest/worker/subprojects/$dir"
done

if ! grep -q "meson_version: '>= 1.1.0'" "$dest/worker/meson.build"; then
  echo "prepare-source: meson_version line not found in worker/meson.build; check the patch." >&2
  exit 1
fi
sed -i "s/meson_version: '>= 1.1.0'/meson_version: '>= 1.0.0'/" "$dest/worker/meson.build"

# DTLS with Debian's OpenSSL needs the BIO callback to pass OpenSSL's own
# return value through for ctrl calls (it has kernel TLS compiled in; a callback
# answering 1 to BIO_get_ktls_send() leaves the DTLS write buffer unallocated
# and the worker segfaults on a browser's first ClientHello). mediasoup 3.32.2
# fixed the comparison upstream (PR #2025, which we had patched since 3.19);
# stop if a future release loses it.
dtls="$dest/worker/src/RTC/DtlsTransport.cpp"
if ! grep -qF '((operationType & BIO_CB_RETURN) != 0) ? static_cast<long>(ret) : 1' "$dtls"; then
  echo "prepare-source: DtlsTransport.cpp no longer tests BIO_CB_RETURN as a bit; see docs/mediasoup-worker.md (kTLS)." >&2
  exit 1
fi
