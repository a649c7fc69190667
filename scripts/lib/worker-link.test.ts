import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// mediasoup's Node side and its worker speak a version-specific protocol. Checkouts on
// different mediasoup versions share the machine's worker cache, so each must run the worker
// built for its own mediasoup (docs/mediasoup-worker.md): these fail when scripts would hand
// mediasoup a worker from a shared place or one built for another version.
const repo = path.resolve(import.meta.dirname, '../..');
const packageLink = path.join(repo, 'node_modules/mediasoup/worker/out/Release/mediasoup-worker');

describe('mediasoup worker link', () => {
  it('points MEDIASOUP_WORKER_BIN into this checkout', () => {
    const { MEDIASOUP_WORKER_BIN: _set, ...env } = process.env;
    const bin = execFileSync('bash', ['-c', 'source scripts/lib/env.sh && printf %s "$MEDIASOUP_WORKER_BIN"'], {
      cwd: repo,
      env,
      encoding: 'utf8',
    });
    expect(bin).toBe(packageLink);
  });

  it('links a cached worker built for the installed mediasoup version', () => {
    const { version } = JSON.parse(readFileSync(path.join(repo, 'node_modules/mediasoup/package.json'), 'utf8')) as {
      version: string;
    };
    const target = realpathSync(packageLink);
    expect(path.basename(path.dirname(target))).toBe('mediasoup-worker-bin');
    expect(path.basename(target)).toMatch(new RegExp(`^mediasoup-worker-${version.replaceAll('.', '\\.')}-[0-9a-f]{16}$`));
  });
});
