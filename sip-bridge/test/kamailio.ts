import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Debian's Kamailio as the municipality's SIP proxy/registrar: started on a
// free loopback port (UDP and TCP; TLS optional) from fixtures/kamailio.cfg,
// stopped by stop() — call it in afterEach/afterAll so a failed test tears it
// down too.

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export const DOMAIN = 'videoloket.test';

export interface Kamailio {
  port: number;
  tlsPort?: number;
  bridgePassword: string;
  phonePassword: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** A port free on loopback for UDP and TCP at once. */
export async function freeUdpTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    const port = udp.address().port;
    const tcp = net.createServer();
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    udp.close();
    if (ok) {
      await new Promise((r) => tcp.close(r));
      return port;
    }
  }
  throw new Error('no free UDP+TCP port');
}

export async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

export async function startKamailio(options: { tls?: { certFile: string; keyFile: string } } = {}): Promise<Kamailio> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kamailio-'));
  const port = await freeUdpTcpPort();
  const tlsPort = options.tls ? await freeTcpPort() : undefined;
  const bridgePassword = `b-${Math.random().toString(36).slice(2)}`;
  const phonePassword = `p-${Math.random().toString(36).slice(2)}`;
  let config = (await readFile(path.join(fixtures, 'kamailio.cfg'), 'utf8'))
    .replaceAll('@DOMAIN@', DOMAIN)
    .replaceAll('@PORT@', String(port))
    .replaceAll('@BRIDGE_PASSWORD@', bridgePassword)
    .replaceAll('@PHONE_PASSWORD@', phonePassword);
  if (options.tls) {
    await writeFile(
      path.join(dir, 'tls.cfg'),
      `[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\nprivate_key = ${options.tls.keyFile}\ncertificate = ${options.tls.certFile}\n\n[client:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n`,
    );
    config = config
      .replace('@TLS_LISTEN@', `enable_tls=yes\nlisten=tls:127.0.0.1:${tlsPort}`)
      .replace('@TLS_MODULE@', `loadmodule "tls.so"\nmodparam("tls", "config", "${path.join(dir, 'tls.cfg')}")`);
  } else {
    config = config.replace('@TLS_LISTEN@', '').replace('@TLS_MODULE@', '');
  }
  const file = path.join(dir, 'kamailio.cfg');
  await writeFile(file, config);
  // -DD: stay in the foreground (we own the process), -E: log to stderr, -Y/-P: runtime files in our dir.
  const child: ChildProcess = spawn('kamailio', ['-f', file, '-DD', '-E', '-Y', dir, '-P', path.join(dir, 'kamailio.pid'), '-m', '32', '-M', '8'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const exited = await Promise.race([new Promise((r) => child.once('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), 3000))]);
      if (!exited) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  // Ready when it answers an OPTIONS over UDP.
  const deadline = Date.now() + 15_000;
  const probe = dgram.createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', r));
  let ready = false;
  probe.on('message', () => (ready = true));
  try {
    while (!ready) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`kamailio did not start:\n${out}`);
      const branch = `z9hG4bK${Math.random().toString(36).slice(2)}`;
      const me = probe.address().port;
      probe.send(
        `OPTIONS sip:${DOMAIN} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${me};branch=${branch}\r\nMax-Forwards: 70\r\nFrom: <sip:probe@${DOMAIN}>;tag=1\r\nTo: <sip:${DOMAIN}>\r\nCall-ID: ${branch}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
        port,
        '127.0.0.1',
      );
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.close();
  }
  return { port, ...(tlsPort ? { tlsPort } : {}), bridgePassword, phonePassword, output: () => out, stop };
}
