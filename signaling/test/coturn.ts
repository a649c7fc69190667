import { execFile } from 'node:child_process';
import { createHash, createHmac, randomBytes, X509Certificate } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect as netConnect, createServer } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// A coturn of the test's own, started through the same script `npm start` and the test
// services use (scripts/services/coturn.sh), on free ports of the address the test names.

export { turnPassword } from '../src/turn/TurnCredentials';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(REPO, 'scripts/services/coturn.sh');

export interface RunningCoturn {
  listenIp: string;
  port: number;
  tlsPort: number;
  /** The server's TURN_URLS for it: UDP, TCP and TLS. */
  urls: string[];
  /** static-auth-secret (test-only: never print it). */
  secret: string;
  /** base64 SHA-256 of its self-signed certificate's key, for Chromium's --ignore-certificate-errors-spki-list. */
  spki: string;
  /** Its certificate (PEM). */
  certificate: string;
  /** Stops it (safe twice) and returns all it logged (coturn buffers its log until it exits). */
  stop(): Promise<string>;
}

async function free(port: number, ip: string): Promise<boolean> {
  const tcp = await new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, ip, () => srv.close(() => resolve(true)));
  });
  if (!tcp) return false;
  return new Promise<boolean>((resolve) => {
    const sock = createSocket('udp4');
    sock.once('error', () => resolve(false));
    sock.bind(port, ip, () => sock.close(() => resolve(true)));
  });
}

async function freePort(ip: string, not: number[] = []): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 23000 + Math.floor(Math.random() * 9000);
    if (!not.includes(port) && (await free(port, ip))) return port;
  }
  throw new Error(`no free UDP+TCP port on ${ip}`);
}

/** `peerIp`: the media address, the one address it may relay to. */
export async function startCoturn(options: { listenIp: string; peerIp: string }): Promise<RunningCoturn> {
  const dir = await mkdtemp(path.join(tmpdir(), 'videoloket-coturn-'));
  const port = await freePort(options.listenIp);
  const tlsPort = await freePort(options.listenIp, [port]);
  const env = {
    ...process.env,
    TURN_PORT: String(port),
    TURN_TLS_PORT: String(tlsPort),
    VIDEOLOKET_TURN_LISTEN_IP: options.listenIp,
    VIDEOLOKET_TURN_PEER_IP: options.peerIp,
    VIDEOLOKET_TURN_DIR: dir,
    VIDEOLOKET_TURN_SECRET_FILE: '',
  };
  const script = (action: string) => run('bash', [SCRIPT, action], { env, cwd: REPO });
  const { stdout } = await script('start');
  const exported = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  const certificate = await readFile(path.join(dir, 'cert.pem'), 'utf8');
  const cert = new X509Certificate(certificate);
  const spki = createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  return {
    listenIp: options.listenIp,
    port,
    tlsPort,
    urls: exported.TURN_URLS!.split(','),
    secret: exported.TURN_SECRET!,
    spki,
    certificate,
    async stop() {
      await script('stop');
      const log = await readFile(path.join(dir, 'turnserver.log'), 'utf8').catch(() => '');
      await rm(dir, { recursive: true, force: true });
      return log;
    },
  };
}

/**
 * One TURN Allocate (RFC 5766 §6.1) with long-term credentials (RFC 5389 §10.2), as a
 * browser sends it: true when coturn granted the allocation, false when it refused it.
 * TLS is verified against coturn's own certificate, so the TLS listener is what answered.
 */
export async function allocates(coturn: RunningCoturn, over: 'udp' | 'tcp' | 'tls', username: string, password: string): Promise<boolean> {
  const exchange = await openTransport(coturn, over);
  try {
    const challenge = await exchange(allocateRequest());
    const realm = challenge.attributes.get(ATTR.REALM);
    const nonce = challenge.attributes.get(ATTR.NONCE);
    if (challenge.type !== ALLOCATE_ERROR || !realm || !nonce) throw new Error(`coturn did not ask for credentials (type ${challenge.type})`);
    const key = createHash('md5').update(`${username}:${realm.toString()}:${password}`).digest();
    const answer = await exchange(allocateRequest({ username, realm, nonce, key }));
    if (answer.type === ALLOCATE_SUCCESS) return true;
    if (answer.type === ALLOCATE_ERROR) return false;
    throw new Error(`unexpected STUN message type ${answer.type}`);
  } finally {
    exchange.close();
  }
}

const MAGIC_COOKIE = 0x2112a442;
const ALLOCATE = 0x0003;
const ALLOCATE_SUCCESS = 0x0103;
const ALLOCATE_ERROR = 0x0113;
const ATTR = { USERNAME: 0x0006, MESSAGE_INTEGRITY: 0x0008, REALM: 0x0014, NONCE: 0x0015, REQUESTED_TRANSPORT: 0x0019 } as const;

interface StunMessage {
  type: number;
  attributes: Map<number, Buffer>;
}

function attribute(type: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function allocateRequest(auth?: { username: string; realm: Buffer; nonce: Buffer; key: Buffer }): Buffer {
  const attrs = [attribute(ATTR.REQUESTED_TRANSPORT, Buffer.from([17, 0, 0, 0]))]; // UDP relay
  if (auth) attrs.push(attribute(ATTR.USERNAME, Buffer.from(auth.username)), attribute(ATTR.REALM, auth.realm), attribute(ATTR.NONCE, auth.nonce));
  const header = Buffer.alloc(20);
  header.writeUInt16BE(ALLOCATE, 0);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  randomBytes(12).copy(header, 8);
  let body = Buffer.concat(attrs);
  if (auth) {
    // MESSAGE-INTEGRITY covers the message with its length already counting the 24-byte attribute.
    header.writeUInt16BE(body.length + 24, 2);
    const hmac = createHmac('sha1', auth.key).update(Buffer.concat([header, body])).digest();
    body = Buffer.concat([body, attribute(ATTR.MESSAGE_INTEGRITY, hmac)]);
  }
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function parse(message: Buffer): StunMessage {
  const attributes = new Map<number, Buffer>();
  for (let at = 20; at + 4 <= message.length; ) {
    const type = message.readUInt16BE(at);
    const length = message.readUInt16BE(at + 2);
    attributes.set(type, message.subarray(at + 4, at + 4 + length));
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return { type: message.readUInt16BE(0), attributes };
}

type Exchange = ((request: Buffer) => Promise<StunMessage>) & { close(): void };

async function openTransport(coturn: RunningCoturn, over: 'udp' | 'tcp' | 'tls'): Promise<Exchange> {
  const timeout = <T>(p: Promise<T>) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer from coturn over ${over}`)), 10_000))]);
  if (over === 'udp') {
    const socket = createSocket('udp4');
    const exchange = (request: Buffer) =>
      timeout(
        new Promise<StunMessage>((resolve) => {
          socket.once('message', (msg) => resolve(parse(msg)));
          socket.send(request, coturn.port, coturn.listenIp);
        }),
      );
    return Object.assign(exchange, { close: () => socket.close() });
  }
  const socket =
    over === 'tcp'
      ? netConnect(coturn.port, coturn.listenIp)
      : tlsConnect({ host: coturn.listenIp, port: coturn.tlsPort, ca: coturn.certificate, servername: 'localhost' });
  await timeout(new Promise<void>((resolve, reject) => socket.once(over === 'tls' ? 'secureConnect' : 'connect', resolve).once('error', reject)));
  // STUN over a stream: messages back to back, each 20 bytes of header plus its length.
  let pending = Buffer.alloc(0);
  let waiting: ((m: StunMessage) => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    if (pending.length >= 20 && pending.length >= 20 + pending.readUInt16BE(2)) {
      const size = 20 + pending.readUInt16BE(2);
      const message = parse(pending.subarray(0, size));
      pending = pending.subarray(size);
      waiting?.(message);
    }
  });
  const exchange = (request: Buffer) =>
    timeout(
      new Promise<StunMessage>((resolve) => {
        waiting = resolve;
        socket.write(request);
      }),
    );
  return Object.assign(exchange, { close: () => socket.destroy() });
}
