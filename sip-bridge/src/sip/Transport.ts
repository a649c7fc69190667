import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';

// SIP transports (RFC 3261 §18): UDP datagrams, and TCP and TLS streams in
// which messages are framed by Content-Length (§18.3). UDP and TCP share one
// port number, TLS has its own. A response to a request that came over a
// stream goes back over the same connection (§18.2.2); we open a connection
// for requests we originate and reuse it while it lives (keyed by peer).

export type SipTransportName = 'udp' | 'tcp' | 'tls';

/** Where a SIP message goes or came from. */
export interface Peer {
  address: string;
  port: number;
  /** Default 'udp'. */
  transport?: SipTransportName;
}

export interface TransportOptions {
  listenIp: string;
  /** UDP and TCP port (0: any free port, the same for both). */
  port: number;
  /** TLS server port (0: any free port); TLS is off without `tls`. */
  tlsPort?: number;
  tls?: { key: string; cert: string; ca?: string; rejectUnauthorized?: boolean };
  logger: Logger;
  onMessage: (data: Buffer, from: Peer) => void;
}

/** A stream peer that sends more than this without a complete message is cut off. */
const MAX_STREAM_BUFFER = 64 * 1024;
/** Idle stream connections are closed (RFC 5923 lets either side do so). */
const STREAM_IDLE_MS = 5 * 60_000;
/** At most this many open stream connections (incoming + outgoing). */
const MAX_CONNECTIONS = 512;

export class SipTransports {
  #udp: dgram.Socket | undefined;
  #tcp: net.Server | undefined;
  #tls: tls.Server | undefined;
  readonly #connections = new Map<string, net.Socket>();
  readonly #pending = new Map<string, Promise<net.Socket>>();

  constructor(private readonly options: TransportOptions) {}

  get port(): number {
    return this.#udp?.address().port ?? 0;
  }

  get tlsPort(): number | undefined {
    const a = this.#tls?.address();
    return a && typeof a === 'object' ? a.port : undefined;
  }

  async start(): Promise<void> {
    // Port 0: the kernel picks a UDP port; TCP on the same number may be taken, so retry a few times.
    for (let attempt = 0; ; attempt++) {
      const udp = dgram.createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(this.options.port, this.options.listenIp, () => {
          udp.off('error', reject);
          resolve();
        });
      });
      const tcp = net.createServer((socket) => this.#adopt(socket, 'tcp'));
      const ok = await listen(tcp, udp.address().port, this.options.listenIp);
      if (ok) {
        this.#udp = udp;
        this.#tcp = tcp;
        break;
      }
      udp.close();
      if (this.options.port !== 0 || attempt >= 10) throw new Error(`SIP TCP port ${udp.address().port} is in use`);
    }
    this.#udp.on('message', (data, rinfo) => this.options.onMessage(data, { address: rinfo.address, port: rinfo.port, transport: 'udp' }));
    this.#udp.on('error', (error) => this.options.logger.error({ err: error }, 'SIP UDP socket error'));
    if (this.options.tls) {
      const server = tls.createServer({ key: this.options.tls.key, cert: this.options.tls.cert, ...(this.options.tls.ca ? { ca: this.options.tls.ca } : {}) }, (socket) =>
        this.#adopt(socket, 'tls'),
      );
      server.on('tlsClientError', () => undefined); // a failed handshake is the client's problem
      if (!(await listen(server, this.options.tlsPort ?? 0, this.options.listenIp))) throw new Error('SIP TLS port is in use');
      this.#tls = server;
    }
  }

  close(): void {
    for (const socket of this.#connections.values()) socket.destroy();
    this.#connections.clear();
    this.#udp?.close();
    this.#tcp?.close();
    this.#tls?.close();
    this.#udp = this.#tcp = this.#tls = undefined;
  }

  send(text: string, to: Peer): void {
    const transport = to.transport ?? 'udp';
    if (transport === 'udp') {
      this.#udp?.send(text, to.port, to.address, (error) => {
        if (error) this.options.logger.warn({ err: error, to: `${to.address}:${to.port}` }, 'SIP send failed');
      });
      return;
    }
    this.#connection(to).then(
      (socket) => socket.write(text),
      (error: unknown) => this.options.logger.warn({ err: error, to: `${transport}:${to.address}:${to.port}` }, 'SIP connection failed'),
    );
  }

  #connection(to: Peer): Promise<net.Socket> {
    const key = keyOf(to);
    const open = this.#connections.get(key);
    if (open && !open.destroyed) return Promise.resolve(open);
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const connecting = new Promise<net.Socket>((resolve, reject) => {
      const socket =
        to.transport === 'tls'
          ? tls.connect({
              host: to.address,
              port: to.port,
              ...(this.options.tls?.ca ? { ca: this.options.tls.ca } : {}),
              rejectUnauthorized: this.options.tls?.rejectUnauthorized ?? true,
              // Certificates name hosts; an IP-addressed trunk is checked against its IP SAN.
              ...(net.isIP(to.address) ? {} : { servername: to.address }),
            })
          : net.connect({ host: to.address, port: to.port });
      socket.once(to.transport === 'tls' ? 'secureConnect' : 'connect', () => {
        this.#adopt(socket, to.transport === 'tls' ? 'tls' : 'tcp', key);
        resolve(socket);
      });
      socket.once('error', reject);
    }).finally(() => this.#pending.delete(key));
    this.#pending.set(key, connecting);
    return connecting;
  }

  #adopt(socket: net.Socket, transport: 'tcp' | 'tls', key?: string): void {
    if (this.#connections.size >= MAX_CONNECTIONS) {
      socket.destroy();
      return;
    }
    const from: Peer = { address: socket.remoteAddress?.replace(/^::ffff:/, '') ?? '', port: socket.remotePort ?? 0, transport };
    const id = key ?? keyOf(from);
    this.#connections.set(id, socket);
    socket.setNoDelay(true);
    socket.setTimeout(STREAM_IDLE_MS, () => socket.destroy());
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        const framed = frame(buffer);
        if (framed === 'need-more') break;
        if (framed === 'bad') {
          this.options.logger.debug({ from: id }, 'closing SIP stream with an unframeable message');
          socket.destroy();
          return;
        }
        buffer = buffer.subarray(framed.length);
        if (framed.message.length > 0) this.options.onMessage(framed.message, from);
      }
      if (buffer.length > MAX_STREAM_BUFFER) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.#connections.get(id) === socket) this.#connections.delete(id);
    });
  }
}

function keyOf(peer: Peer): string {
  return `${peer.transport ?? 'udp'}:${peer.address}:${peer.port}`;
}

function listen(server: net.Server, port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, host, () => resolve(true));
  });
}

/**
 * One message off the front of a stream (§18.3): headers up to the blank line, then
 * Content-Length bytes of body. Leading CRLFs are keep-alives (RFC 5626 §3.5.1).
 */
export function frame(buffer: Buffer): { message: Buffer; length: number } | 'need-more' | 'bad' {
  let start = 0;
  while (start < buffer.length && (buffer[start] === 0x0d || buffer[start] === 0x0a)) start++;
  if (start === buffer.length) return start > 0 ? { message: Buffer.alloc(0), length: start } : 'need-more';
  const end = buffer.indexOf('\r\n\r\n', start);
  if (end < 0) return buffer.length - start > MAX_STREAM_BUFFER ? 'bad' : 'need-more';
  const head = buffer.toString('latin1', start, end);
  const m = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*$/im.exec(head);
  // On a stream Content-Length is mandatory (§20.14).
  if (!m) return 'bad';
  const bodyLength = Number(m[1]);
  if (bodyLength > MAX_STREAM_BUFFER) return 'bad';
  const total = end + 4 + bodyLength;
  if (buffer.length < total) return 'need-more';
  return { message: buffer.subarray(start, total), length: total };
}
