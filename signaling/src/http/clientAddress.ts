import { isIPv6 } from 'node:net';
import type { Request } from 'express';

/**
 * The address limits are keyed on: the peer's IP (or, with TRUST_PROXY, the one the
 * proxy reports). IPv4-mapped IPv6 is reduced to IPv4; other IPv6 addresses to their
 * /64, because one subscriber typically holds a whole /64 and could rotate through it.
 */
export function clientAddress(req: Request): string {
  return addressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

/** The key for one client address, shared by HTTP and Socket.IO limits so both count alike. */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
