# Sourced by setup/start/test scripts: where the machine-wide cache lives and
# where mediasoup finds the worker we build from Debian packages.
export VIDEOLOKET_CACHE="${VIDEOLOKET_CACHE:-$HOME/.cache/videoloket}"
export MEDIASOUP_WORKER_BIN="${MEDIASOUP_WORKER_BIN:-$VIDEOLOKET_CACHE/mediasoup-worker}"
mkdir -p "$VIDEOLOKET_CACHE"
