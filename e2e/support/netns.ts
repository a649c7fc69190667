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
// A phone between Wi-Fi and 4G (`links: 2`): the namespace gets one veth pair per link, each
// in its own subnet, and only one is up at a time (`switchTo`: the old one loses its address
// and goes down, the new one comes up with its own address and default route). The server
// then cannot sit on one link's address; it gets an address of its own on a dummy interface
// in the root namespace (10.231.<s>.1/32), which the citizen reaches over whichever link is
// up, as a phone reaches a server on the internet over either network. Replies find the
// citizen's current address through that link's connected route.
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
  /** How many links (veth pairs) the citizen has; more than one makes `switchTo` useful. Default 1. */
  links?: number;
}

/** One of the citizen's links: a veth pair in a subnet of its own. */
export interface CitizenLink {
  /** The interface's name inside the namespace. */
  readonly name: string;
  /** The root namespace's address on this link. */
  readonly gateway: string;
  /** The citizen's address while this link is up. */
  readonly address: string;
}

export interface FirewallOptions {
  /** TCP ports the citizen may open connections to (e.g. the HTTP port and TURN/TLS); all other TCP and all UDP is dropped. */
  allowTcpPorts: number[];
}

export interface CitizenNetwork {
  readonly namespace: string;
  /** Where the citizen reaches the server: the root side of the link, or with several links an address reachable over each. */
  readonly hostAddress: string;
  /** The citizen's own address (on the link that is up). */
  readonly citizenAddress: string;
  /** The citizen's links, the first up at the start. */
  readonly links: readonly CitizenLink[];
  /** The link that is up. */
  readonly activeLink: CitizenLink;
  /** Takes the active link down (its address gone) and brings `link` up with its address and default route. */
  switchTo(link: CitizenLink): Promise<void>;
  /** Replaces the namespace's firewall: only loopback and the allowed TCP ports; no UDP at all. `undefined` opens it again. */
  strictFirewall(options: FirewallOptions | undefined): Promise<void>;
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
  // The server addresses of multi-link networks live on interfaces of the root namespace.
  const rootLinks = await sh('ip', ['-o', 'link', 'show']);
  for (const match of rootLinks.matchAll(new RegExp(`^\\d+: (${PREFIX}s(\\d+)-\\d+)@`, 'gm'))) {
    if (alive(Number(match[2]))) continue;
    await sh('ip', ['link', 'del', match[1]!]).catch(() => undefined);
    removed.push(match[1]!);
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
  const linkCount = options.links ?? 1;
  if (!(Number.isInteger(linkCount) && linkCount >= 1 && linkCount <= 4)) throw new Error(`links must be 1…4, not ${linkCount}`);
  const inside = (command: string, args: string[]) => sh('ip', ['netns', 'exec', namespace, command, ...args]);
  const browsers: Browser[] = [];
  // Link k's interfaces: vlkh<id>/vlkc<id> for the first, then with a letter (b, c, …).
  const links: (CitizenLink & { hostName: string })[] = [];
  const serviceLink = `${PREFIX}s${id}`;
  let wrapperDir: string | undefined;
  let closed = false;

  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.allSettled(browsers.map((b) => b.close()));
    // Deleting the namespace deletes its veth ends, and with them the root sides.
    await sh('ip', ['netns', 'del', namespace]).catch(() => undefined);
    for (const link of links) await sh('ip', ['link', 'del', link.hostName]).catch(() => undefined);
    if (linkCount > 1) await sh('ip', ['link', 'del', serviceLink]).catch(() => undefined);
    if (wrapperDir) await rm(wrapperDir, { recursive: true, force: true });
  };

  let hostAddress: string;
  try {
    await sh('ip', ['netns', 'add', namespace]);
    await inside('ip', ['link', 'set', 'lo', 'up']);
    for (let k = 0; k < linkCount; k++) {
      const suffix = k ? String.fromCharCode(97 + k) : '';
      const subnet = await freeSubnet();
      const link = { name: `${PREFIX}c${id}${suffix}`, hostName: `${PREFIX}h${id}${suffix}`, gateway: `${SUBNET}.${subnet}.1`, address: `${SUBNET}.${subnet}.2` };
      await sh('ip', ['link', 'add', link.hostName, 'type', 'veth', 'peer', 'name', link.name]);
      links.push(link);
      await sh('ip', ['link', 'set', link.name, 'netns', namespace]);
      await sh('ip', ['addr', 'add', `${link.gateway}/24`, 'dev', link.hostName]);
      await sh('ip', ['link', 'set', link.hostName, 'up']);
    }
    if (linkCount > 1) {
      const subnet = await freeSubnet();
      hostAddress = `${SUBNET}.${subnet}.1`;
      // This kernel has no dummy interfaces: a veth pair with both ends in the root namespace serves.
      await sh('ip', ['link', 'add', serviceLink, 'type', 'veth', 'peer', 'name', `${PREFIX}t${id}`]);
      await sh('ip', ['addr', 'add', `${hostAddress}/32`, 'dev', serviceLink]);
      await sh('ip', ['link', 'set', `${PREFIX}t${id}`, 'up']);
      await sh('ip', ['link', 'set', serviceLink, 'up']);
    } else {
      hostAddress = links[0]!.gateway;
    }
    await linkUp(links[0]!);
  } catch (err) {
    await close();
    throw err;
  }
  let active = links[0]!;

  async function linkUp(link: CitizenLink): Promise<void> {
    await sh('ip', ['-n', namespace, 'link', 'set', link.name, 'up']);
    await sh('ip', ['-n', namespace, 'addr', 'add', `${link.address}/24`, 'dev', link.name]);
    if (linkCount > 1) await sh('ip', ['-n', namespace, 'route', 'replace', 'default', 'via', link.gateway, 'dev', link.name]);
  }

  async function switchTo(link: CitizenLink): Promise<void> {
    if (!links.includes(link as (typeof links)[number])) throw new Error(`${link.name} is not a link of ${namespace}`);
    if (link === active) return;
    // Wi-Fi gone: its address goes with it (sockets bound to it are dead), then 4G comes up.
    await sh('ip', ['-n', namespace, 'addr', 'flush', 'dev', active.name]);
    await sh('ip', ['-n', namespace, 'link', 'set', active.name, 'down']);
    await linkUp(link);
    active = link as (typeof links)[number];
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
      // numgen's value is 0…99, so "< 100" is not a valid comparison: 100 % is a plain drop.
      if (lossPercent >= 100) lines.push('    drop');
      else if (lossPercent > 0) lines.push(`    numgen random mod 100 < ${lossPercent} drop`);
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
    get citizenAddress() {
      return active.address;
    },
    links,
    get activeLink() {
      return active;
    },
    switchTo,
    async strictFirewall(options) {
      firewall = options;
      await applyRules();
    },
    async loss(percent) {
      if (!(percent >= 0 && percent <= 100)) throw new Error(`loss must be 0…100 %, not ${percent}`);
      lossPercent = Math.round(percent);
      await applyRules();
    },
    async bandwidth(kbit) {
      for (const [where, link] of links.flatMap((l) => [[inside, l.name] as const, [sh, l.hostName] as const])) {
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

/**
 * Settings for a test server (ownServerRun / startServer) that a citizen in `network` reaches
 * over the link, while clerks in the root namespace keep using http://localhost:<port>: it
 * listens on all addresses on `port` (pick it with freeTcpPort: PUBLIC_URL names it), the
 * links it hands out name the link address, and its media listens and is announced there.
 */
export function serverOnLink(network: CitizenNetwork, port: number): Record<string, string> {
  return {
    HOST: '0.0.0.0',
    PORT: String(port),
    PUBLIC_URL: `http://${network.hostAddress}:${port}`,
    MEDIA_LISTEN_IP: network.hostAddress,
    MEDIA_ANNOUNCED_ADDRESS: network.hostAddress,
  };
}

/** Chromium flags for a browser in `network` opening a server from serverOnLink. */
export function linkOriginArgs(network: CitizenNetwork, port: number): string[] {
  // Camera and microphone need a secure context; the namespace reaches the server over plain HTTP.
  return [`--unsafely-treat-insecure-origin-as-secure=http://${network.hostAddress}:${port}`];
}
