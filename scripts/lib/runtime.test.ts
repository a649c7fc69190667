import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The project runs on the Node pinned in the root package.json (the registry's `node`
// package), never on the machine's own: these fail when a script or test runner picked
// up another Node from PATH.
const repo = new URL('../..', import.meta.url).pathname;
const rootPackage = JSON.parse(readFileSync(`${repo}package.json`, 'utf8')) as { dependencies: { node: string } };
const pinned = `v${rootPackage.dependencies.node}`;

describe('runtime', () => {
  it('pins a Node 24 LTS release', () => {
    expect(pinned).toMatch(/^v24\.\d+\.\d+$/);
  });

  it('runs the tests on the pinned Node from node_modules', () => {
    expect(process.version).toBe(pinned);
    expect(realpathSync(process.execPath)).toBe(realpathSync(`${repo}node_modules/.bin/node`));
  });

  it('gives scripts that call `node` from PATH the pinned Node', () => {
    expect(execFileSync('node', ['--version'], { encoding: 'utf8' }).trim()).toBe(pinned);
  });
});
