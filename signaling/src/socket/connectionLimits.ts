import { AppError } from '@videoloket/contracts';
import { addressKey } from '../http/clientAddress';

export interface ConnectionLimitOptions {
  /** Live sockets that opened the same invitation link (a citizen's phone + PC + a reload). */
  maxSocketsPerLink: number;
  /** Live link-holder sockets from one client address, across all calls. Clerks are not counted. */
  maxSocketsPerAddress: number;
}

/**
 * Issue 9, finding 7: "one citizen link opened 300 sockets". Counts live Socket.IO
 * connections of link holders per link and per client address. A slot is taken during
 * the handshake — before the connection is accepted, so 300 handshakes in flight cannot
 * all pass the check — and given back when the connection closes.
 */
export class ConnectionLimits {
  private readonly counts = new Map<string, number>();

  constructor(private readonly options: ConnectionLimitOptions) {}

  /** Takes a slot or throws RATE_LIMITED; the returned release is safe to call twice. */
  acquire(linkId: string, address: string): () => void {
    const keys = [`link:${linkId}`, `addr:${address}`] as const;
    if (this.count(keys[0]) >= this.options.maxSocketsPerLink) {
      throw new AppError('RATE_LIMITED', 'This link is already open on too many devices. Close it somewhere else and try again.');
    }
    if (this.count(keys[1]) >= this.options.maxSocketsPerAddress) {
      throw new AppError('RATE_LIMITED', 'Too many connections from your network. Please try again later.');
    }
    for (const key of keys) this.counts.set(key, this.count(key) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of keys) {
        const left = this.count(key) - 1;
        if (left > 0) this.counts.set(key, left);
        else this.counts.delete(key);
      }
    };
  }

  private count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/**
 * The client's address as the HTTP side sees it (Express `trust proxy: true` takes the
 * leftmost X-Forwarded-For entry) and keys it (IPv6 per /64), so limits agree across HTTP
 * and Socket.IO.
 */
export function clientAddress(handshake: { address: string; headers: Record<string, string | string[] | undefined> }, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = handshake.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return addressKey(first);
  }
  return addressKey(handshake.address);
}
