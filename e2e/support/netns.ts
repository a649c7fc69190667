import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';

// Network namespaces for browser tests on networks that are not loopback (issue 16): the
// server stays in the root namespace; each citizen gets a namespace of its own, joined to the
// root one by a veth pair with addresses the test created (10.231.<n>.1 on the root side,
// .2 inside). Inside: nftables for firewalls and loss, tc (tbf) for bandwidth. A browser runs
// inside through a wrapper executable (`ip netns exec <ns> chromium …`), so Playwright still
// drives it over its pipe. Everything is removed by `close()`, by a test's afterAll also on
// failure, and namespaces left by a crashed earlier run are removed when the next one starts.
//
// Needs root (CAP_NET_ADMIN): `npm test` runs as root on CI and on this machine.

const run = promisify(execFile);
const PREFIX = 'vlk';
const SUBNET = '10.231';

async function sh(command: string, args: string[]): Promise<string> {
  try {
    return (await run(command, args)).stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
  }
}

export interface CitizenNetworkOptions {
  /** Names the namespace in `ip netns list` (a-z, 0-9; short). */
  label?: string;
}

export interface FirewallOptions {
  /** TCP ports the citizen may open connections to (e.g. the HTTP port and TURN/TLS); all other TCP and all UDP is dropped. */
  allowTcpPorts: number[];
}

export interface CitizenNetwork {
  readonly namespace: string;
  /** The root namespace's address on the link: where the citizen reaches the server. */
  readonly hostAddress: string;
  /** The citizen's own address. */
  readonly citizenAddress: string;
  /** Replaces the namespace's firewall: only loopback and the allowed TCP ports; no UDP at all. */
  strictFirewall(options: FirewallOptions): Promise<void>;
  /** Drops `percent` % of the citizen's packets in both directions at random (nftables numgen; this kernel has no netem). */
  loss(percent: number): Promise<void>;
  /** Caps both directions of the link to `kbit` kbit/s with a token bucket (tc tbf); `undefined` lifts the cap. */
  bandwidth(kbit: number | undefined): Promise<void>;
  /** Runs a command inside the namespace. */
  exec(command: string, args: string[]): Promise<string>;
  /** Chromium inside the namespace; `args` as for launchBrowser. Closed by `close()` too. */
  launchBrowser(args?: string[]): Promise<Browser>;
  /** Removes browsers, namespace, link and rules; safe to call twice. */
  close(): Promise<void>;
}

/** Whether the process with this id still runs (a namespace's creator). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function namespaces(): Promise<string[]> {
  const out = await sh('ip', ['netns', 'list']);
  return out.split('\n').map((line) => line.split(' ')[0]!).filter(Boolean);
}

/** Removes namespaces (and with them their veth pairs) whose creating test process is gone. */
export async function removeStaleNamespaces(): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await namespaces()) {
    const match = new RegExp(`^${PREFIX}(\\d+)-\\d+`).exec(name);
    if (!match || alive(Number(match[1]))) continue;
    await sh('ip', ['netns', 'del', name]).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

let created = 0;

/** A third octet no interface uses yet. */
async function freeSubnet(): Promise<number> {
  const used = await sh('ip', ['-o', '-4', 'addr', 'show']);
  for (let n = 1; n < 255; n++) if (!used.includes(` ${SUBNET}.${n}.`)) return n;
  throw new Error(`no free ${SUBNET}.x.0/24 for a test namespace`);
}

export async function createCitizenNetwork(options: CitizenNetworkOptions = {}): Promise<CitizenNetwork> {
  if (process.getuid?.() !== 0) throw new Error('network namespaces need root (CAP_NET_ADMIN): run the e2e tests as root');
  await removeStaleNamespaces();
  const index = ++created;
  // Interface names have at most 15 characters: vlk + pid + index keeps them short and tells the creator.
  const id = `${process.pid}-${index}`;
  const namespace = `${PREFIX}${id}${options.label ? `-${options.label}` : ''}`;
  const hostLink = `${PREFIX}h${id}`;
  const citizenLink = `${PREFIX}c${id}`;
  const subnet = await freeSubnet();
  const hostAddress = `${SUBNET}.${subnet}.1`;
  const citizenAddress = `${SUBNET}.${subnet}.2`;
  const inside = (command: string, args: string[]) => sh('ip', ['netns', 'exec', namespace, command, ...args]);
  const browsers: Browser[] = [];
  let wrapperDir: string | undefined;
  let closed = false;

  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.allSettled(browsers.map((b) => b.close()));
    // Deleting the namespace deletes its veth end, and with it the root side.
    await sh('ip', ['netns', 'del', namespace]).catch(() => undefined);
    await sh('ip', ['link', 'del', hostLink]).catch(() => undefined);
    if (wrapperDir) await rm(wrapperDir, { recursive: true, force: true });
  };

  try {
    await sh('ip', ['netns', 'add', namespace]);
    await sh('ip', ['link', 'add', hostLink, 'type', 'veth', 'peer', 'name', citizenLink]);
    await sh('ip', ['link', 'set', citizenLink, 'netns', namespace]);
    await sh('ip', ['addr', 'add', `${hostAddress}/24`, 'dev', hostLink]);
    await sh('ip', ['link', 'set', hostLink, 'up']);
    await inside('ip', ['addr', 'add', `${citizenAddress}/24`, 'dev', citizenLink]);
    await inside('ip', ['link', 'set', citizenLink, 'up']);
    await inside('ip', ['link', 'set', 'lo', 'up']);
  } catch (err) {
    await close();
    throw err;
  }

  // One nftables table per namespace, rebuilt whole by each call: firewall and loss together.
  let firewall: FirewallOptions | undefined;
  let lossPercent = 0;
  const applyRules = async () => {
    const lines = ['table inet videoloket', 'delete table inet videoloket', 'table inet videoloket {'];
    for (const [chain, hook, iface, direction] of [
      ['out', 'output', 'oif', 'dport'],
      ['in', 'input', 'iif', 'sport'],
    ] as const) {
      lines.push(`  chain ${chain} {`, `    type filter hook ${hook} priority 0; policy accept;`, `    ${iface} "lo" accept`);
      if (lossPercent > 0) lines.push(`    numgen random mod 100 < ${lossPercent} drop`);
      if (firewall) {
        // Outgoing: new TCP connections to the allowed ports only. Incoming: only their answers.
        if (chain === 'out' && firewall.allowTcpPorts.length) lines.push(`    tcp ${direction} { ${firewall.allowTcpPorts.join(', ')} } accept`);
        if (chain === 'in') lines.push('    ct state established,related meta l4proto tcp accept');
        lines.push('    meta l4proto { tcp, udp } drop');
      }
      lines.push('  }');
    }
    lines.push('}');
    const dir = await mkdtemp(path.join(tmpdir(), 'videoloket-nft-'));
    try {
      await writeFile(path.join(dir, 'rules.nft'), lines.join('\n') + '\n');
      await inside('nft', ['-f', path.join(dir, 'rules.nft')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  return {
    namespace,
    hostAddress,
    citizenAddress,
    async strictFirewall(options) {
      firewall = options;
      await applyRules();
    },
    async loss(percent) {
      lossPercent = percent;
      await applyRules();
    },
    async bandwidth(kbit) {
      for (const [where, link] of [
        [inside, citizenLink],
        [sh, hostLink],
      ] as const) {
        if (kbit === undefined) await where('tc', ['qdisc', 'del', 'dev', link, 'root']).catch(() => undefined);
        else await where('tc', ['qdisc', 'replace', 'dev', link, 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', '16kb', 'latency', '200ms']);
      }
    },
    exec: inside,
    async launchBrowser(args = []) {
      if (!wrapperDir) {
        wrapperDir = await mkdtemp(path.join(tmpdir(), 'videoloket-netns-browser-'));
        const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
        // Playwright talks to Chromium over inherited pipes, which `ip netns exec` keeps.
        await writeFile(path.join(wrapperDir, 'chromium'), `#!/bin/sh\nexec ip netns exec ${namespace} ${chromium} "$@"\n`);
        await chmod(path.join(wrapperDir, 'chromium'), 0o755);
      }
      const browser = await launchBrowser(args, path.join(wrapperDir, 'chromium'));
      browsers.push(browser);
      return browser;
    },
    close,
  };
}
