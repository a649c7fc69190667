import net from 'node:net';
import type { Readable } from 'node:stream';
import NodeClam from 'clamscan';
import type { Logger } from 'pino';
import { ScannerUnavailableError } from '../errors';
import type { ScanVerdict, Scanner } from './Scanner';

export interface ClamdScannerOptions {
  /** Unix socket of clamd (preferred when set), else host + port. */
  socket?: string;
  host?: string;
  port?: number;
  /** Per-scan idle timeout. */
  timeoutMs?: number;
  logger: Logger;
}

// INSTREAM chunks: clamd reads "<length:uint32 BE><bytes>" until a zero length
// (clamd(8), "INSTREAM"). 1 MiB keeps each frame well under StreamMaxLength.
const FRAME = 1024 * 1024;
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

/**
 * clamd over its socket. Health and version go through the `clamscan` package; the scan
 * itself speaks INSTREAM directly because clamscan's scanStream() writes every chunk to
 * the socket on 'data' without waiting for 'drain', so a 1 GB upload scanned faster
 * than clamd reads would be buffered in our memory. Here the source is paused whenever
 * the socket's buffer is full.
 */
export class ClamdScanner implements Scanner {
  readonly name = 'clamd';
  #clam: Promise<NodeClam> | null = null;

  constructor(private readonly options: ClamdScannerOptions) {
    if (!options.socket && !options.port) throw new Error('ClamdScanner needs a socket or a port');
  }

  #nodeClam(): Promise<NodeClam> {
    // init() pings clamd; if that fails, try again on the next call rather than caching the failure.
    this.#clam ??= new NodeClam()
      .init({
        removeInfected: false,
        debugMode: false,
        clamdscan: {
          ...(this.options.socket ? { socket: this.options.socket } : { host: this.options.host ?? '127.0.0.1', port: this.options.port }),
          timeout: this.options.timeoutMs ?? 60_000,
          localFallback: false,
          active: true,
          bypassTest: true,
        },
        preference: 'clamdscan',
      })
      .catch((err: unknown) => {
        this.#clam = null;
        throw err;
      });
    return this.#clam;
  }

  async ping(): Promise<string> {
    try {
      const clam = await this.#nodeClam();
      return await clam.getVersion();
    } catch (err) {
      throw new ScannerUnavailableError('clamd is not reachable', err);
    }
  }

  scan(body: Readable): Promise<ScanVerdict> {
    return new Promise<ScanVerdict>((resolve, reject) => {
      const socket = this.options.socket
        ? net.createConnection({ path: this.options.socket })
        : net.createConnection({ host: this.options.host ?? '127.0.0.1', port: this.options.port! });
      socket.setTimeout(this.options.timeoutMs ?? 60_000);
      const reply: Buffer[] = [];
      let settled = false;
      const finish = (err: Error | null, verdict?: ScanVerdict) => {
        if (settled) return;
        settled = true;
        body.unpipe?.();
        if (err) {
          socket.destroy();
          body.destroy();
          reject(err);
        } else resolve(verdict!);
      };
      const unavailable = (why: string, cause?: unknown) => finish(new ScannerUnavailableError(`clamd ${why}`, cause));

      socket.on('error', (err: NodeJS.ErrnoException) => {
        if (UNREACHABLE.has(err.code ?? '')) unavailable(`is not reachable (${err.code})`, err);
        else finish(err);
      });
      socket.on('timeout', () => unavailable('timed out'));
      socket.on('data', (chunk: Buffer) => reply.push(chunk));
      socket.on('end', () => {
        const text = Buffer.concat(reply).toString('utf8').replace(/\0/g, '').trim();
        // Replies: "stream: OK", "stream: <name> FOUND", "<message> ERROR".
        if (text.endsWith(' OK')) return finish(null, { clean: true });
        const found = /^stream: (.+) FOUND$/.exec(text);
        if (found) return finish(null, { clean: false, viruses: [found[1]!] });
        if (text === '') return unavailable('closed the connection without a verdict');
        finish(new Error(`clamd could not scan: ${text}`));
      });
      body.on('error', (err) => finish(err));

      socket.once('connect', () => {
        socket.write('zINSTREAM\0');
        body.on('data', (chunk: Buffer) => {
          for (let at = 0; at < chunk.length; at += FRAME) {
            const part = chunk.subarray(at, at + FRAME);
            const len = Buffer.alloc(4);
            len.writeUInt32BE(part.length);
            socket.write(len);
            if (!socket.write(part) && !body.isPaused()) {
              body.pause();
              socket.once('drain', () => body.resume());
            }
          }
        });
        body.on('end', () => socket.write(Buffer.alloc(4)));
      });
    });
  }
}
