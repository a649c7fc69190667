import { execFile, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizenNetwork, removeStaleNamespaces, type CitizenNetwork } from './support/netns';

// The network-namespace harness itself (e2e/support/netns.ts), which the strict-firewall,
// network-switch and weak-link tests stand on: its rules must really cut what they say, and
// it must leave nothing behind.

const run = promisify(execFile);
const ip = async (...args: string[]) => (await run('ip', args)).stdout;

let network: CitizenNetwork;
let listener: Server;
let port: number;

beforeAll(async () => {
  network = await createCitizenNetwork({ label: 'selftest' });
  // A TCP listener on the link's root-side address: what the citizen's namespace tries to reach.
  listener = createServer((socket) => socket.end('hello\n'));
  await new Promise<void>((resolve) => listener.listen(0, network.hostAddress, resolve));
  port = (listener.address() as { port: number }).port;
});

afterAll(async () => {
  listener?.close();
  await network?.close();
});

const reach = (target: number) => network.exec('timeout', ['5', 'bash', '-c', `exec 3<>/dev/tcp/${network.hostAddress}/${target}; head -n1 <&3`]);

describe('network-namespace harness', () => {
  it('gives the citizen its own address, reaching the root namespace over the link', async () => {
    expect(await network.exec('ip', ['-o', '-4', 'addr', 'show'])).toContain(`${network.citizenAddress}/24`);
    expect(await ip('-o', '-4', 'addr', 'show')).not.toContain(`${network.citizenAddress}/`);
    expect(await reach(port)).toBe('hello\n');
  });

  it('a strict firewall lets only the allowed TCP ports through', async () => {
    const other = createServer((socket) => socket.end('other\n'));
    await new Promise<void>((resolve) => other.listen(0, network.hostAddress, resolve));
    try {
      await network.strictFirewall({ allowTcpPorts: [port] });
      expect(await reach(port)).toBe('hello\n');
      await expect(reach((other.address() as { port: number }).port)).rejects.toThrow();
      await network.strictFirewall({ allowTcpPorts: [] });
      await expect(reach(port)).rejects.toThrow();
    } finally {
      other.close();
      await network.strictFirewall(undefined);
    }
    expect(await reach(port)).toBe('hello\n');
  });

  it('loss drops packets at random (100 %: everything), bandwidth installs a token bucket on both ends', async () => {
    await network.loss(100);
    await expect(reach(port)).rejects.toThrow();
    await network.loss(0);
    expect(await reach(port)).toBe('hello\n');
    await network.bandwidth(300);
    expect(await network.exec('tc', ['qdisc', 'show'])).toMatch(/tbf .*rate 300Kbit/);
    expect(await run('tc', ['qdisc', 'show']).then((r) => r.stdout)).toMatch(/tbf .*rate 300Kbit/);
    expect(await reach(port)).toBe('hello\n');
    await network.bandwidth(undefined);
    expect(await network.exec('tc', ['qdisc', 'show'])).not.toMatch(/tbf/);
  });

  it('close() removes namespace and link; namespaces of a crashed run are removed at the next start', async () => {
    const extra = await createCitizenNetwork({ label: 'closing' });
    await extra.close();
    await extra.close(); // twice is fine
    expect(await ip('netns', 'list')).not.toContain(extra.namespace);
    expect(await ip('-o', '-4', 'addr', 'show')).not.toContain(` ${extra.hostAddress}/`);

    // A namespace named after a process that no longer runs, as a crashed run leaves it.
    const { pid } = spawnSync('true');
    const stale = `vlk${pid}-1-stale`;
    await ip('netns', 'add', stale);
    expect(await removeStaleNamespaces()).toContain(stale);
    expect(await ip('netns', 'list')).not.toContain(stale);
    // Our own (this process is alive) is left alone.
    expect(await ip('netns', 'list')).toContain(network.namespace);
  });
});

describe('a citizen network with two links (a phone between Wi-Fi and 4G)', () => {
  let twoLinks: CitizenNetwork;
  let server: Server;
  let serverPort: number;
  beforeAll(async () => {
    twoLinks = await createCitizenNetwork({ label: 'twolinks', links: 2 });
    // The server listens on the network's host address only, as the SFU does (serverOnLink).
    server = createServer((socket) => socket.end(`${socket.remoteAddress}\n`));
    await new Promise<void>((resolve) => server.listen(0, twoLinks.hostAddress, resolve));
    serverPort = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    server?.close();
    await twoLinks?.close();
  });
  const reachServer = () => twoLinks.exec('timeout', ['5', 'bash', '-c', `exec 3<>/dev/tcp/${twoLinks.hostAddress}/${serverPort}; head -n1 <&3`]);
  const citizenAddresses = async () => (await twoLinks.exec('ip', ['-o', '-4', 'addr', 'show'])).match(/inet [\d.]+/g)!.map((m) => m.slice(5));

  it('reaches the server over whichever link is up, from that link\'s own address, and only one is up', async () => {
    const [wifi, mobile] = twoLinks.links;
    expect(wifi!.address).not.toBe(mobile!.address);
    expect(twoLinks.activeLink).toBe(wifi);
    expect(await reachServer()).toBe(`${wifi!.address}\n`);
    expect(await citizenAddresses()).toEqual(['127.0.0.1', wifi!.address]);

    await twoLinks.switchTo(mobile!);
    expect(twoLinks.citizenAddress).toBe(mobile!.address);
    expect(await citizenAddresses()).toEqual(['127.0.0.1', mobile!.address]);
    expect(await reachServer()).toBe(`${mobile!.address}\n`);

    await twoLinks.switchTo(wifi!);
    expect(await reachServer()).toBe(`${wifi!.address}\n`);
  });

  it('close() removes both links and the server\'s address too', async () => {
    const extra = await createCitizenNetwork({ label: 'twoclose', links: 2 });
    await extra.close();
    const rootAddresses = await ip('-o', '-4', 'addr', 'show');
    for (const address of [extra.hostAddress, ...extra.links.map((l) => l.gateway)]) expect(rootAddresses).not.toContain(` ${address}/`);
    expect(await ip('netns', 'list')).not.toContain(extra.namespace);
  });
});
