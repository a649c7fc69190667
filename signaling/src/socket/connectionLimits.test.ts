import { describe, expect, it } from 'vitest';
import { ConnectionLimits, clientAddress } from './connectionLimits';

describe('ConnectionLimits', () => {
  it('counts sockets per link and per address and gives slots back once', () => {
    const limits = new ConnectionLimits({ maxSocketsPerLink: 2, maxSocketsPerAddress: 3 });
    const a = limits.acquire('link-1', '10.0.0.1');
    limits.acquire('link-1', '10.0.0.2');
    expect(() => limits.acquire('link-1', '10.0.0.3')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    limits.acquire('link-2', '10.0.0.1');
    limits.acquire('link-3', '10.0.0.1');
    expect(() => limits.acquire('link-4', '10.0.0.1')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    a();
    a(); // twice: still only one slot back
    limits.acquire('link-1', '10.0.0.3');
    expect(() => limits.acquire('link-1', '10.0.0.4')).toThrow(/too many devices/);
  });

  it('takes the address from X-Forwarded-For only behind a trusted proxy', () => {
    const handshake = { address: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' } };
    expect(clientAddress(handshake, false)).toBe('127.0.0.1');
    expect(clientAddress(handshake, true)).toBe('203.0.113.7');
    expect(clientAddress({ address: '127.0.0.1', headers: {} }, true)).toBe('127.0.0.1');
  });

  it('keys addresses as the HTTP limits do: IPv4-mapped to IPv4, IPv6 per /64', () => {
    expect(clientAddress({ address: '::ffff:192.0.2.5', headers: {} }, false)).toBe('192.0.2.5');
    const a = clientAddress({ address: '2001:db8:1:2::a', headers: {} }, false);
    const b = clientAddress({ address: '2001:db8:1:2:ffff::b', headers: {} }, false);
    expect(a).toBe(b);
    expect(clientAddress({ address: '2001:db8:1:3::a', headers: {} }, false)).not.toBe(a);
  });
});
