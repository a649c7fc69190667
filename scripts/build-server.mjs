// `npm run build`: the production server as plain JavaScript, so it runs on `node` alone
// (no tsx, no TypeScript at run time). esbuild bundles our workspaces' TypeScript into one
// module per entry; every package from node_modules stays an import (mediasoup, PGlite and
// others find their worker binaries and WASM files beside their own code). docs/architecture.md
// "Production build" says why a bundle rather than tsc per workspace.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const OUT_DIR = 'signaling/dist';

/** Bare imports other than our own workspaces are left for Node to resolve from node_modules. */
const nodeModulesExternal = {
  name: 'node-modules-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@videoloket/') ? undefined : { path: args.path, external: true }));
  },
};

// A file left from an earlier build must not stand in for one this build no longer makes.
rmSync(OUT_DIR, { recursive: true, force: true });
const result = await build({
  entryPoints: {
    main: 'signaling/src/main.ts',
    // The worker thread of the PDF active-content check (pdf/src/isolated-check.ts loads it from here).
    'pdf-check-worker': 'pdf/src/check-worker.ts',
    // A media node process (issue 13 item 2): `node signaling/dist/media-node.js`.
    'media-node': 'sfu/src/node/main.ts',
  },
  outdir: OUT_DIR,
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Parts the server imports only when configured (S3, PostgreSQL, SIP) become chunks of their
  // own, so their packages are not loaded at start.
  splitting: true,
  target: 'node20',
  sourcemap: 'linked',
  plugins: [nodeModulesExternal],
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .map(([file, out]) => `${file} ${(out.bytes / 1024).toFixed(0)} KiB`);
console.log(`built ${bytes.join(', ')}`);
