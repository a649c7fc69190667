import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SipParseError } from '../errors';
import { formatNameAddr, parseCSeq, parseMessage, parseNameAddr, parseUri, parseVia, serialize } from './message';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('SIP message syntax (RFC 3261 §7, §20)', () => {
  it('parses compact headers, folded lines, repeated Via, and honours Content-Length', () => {
    const m = parseMessage(fixture('invite-compact.sip'));
    expect(m.kind).toBe('request');
    if (m.kind !== 'request') return;
    expect(m.method).toBe('INVITE');
    expect(m.uri).toBe('sip:123456@bridge.example');
    expect(m.headers.getAll('via')).toHaveLength(2);
    expect(parseVia(m.headers.get('via')!)).toMatchObject({ transport: 'UDP', host: '192.0.2.10', port: 5060, params: { branch: 'z9hG4bKabc', rport: '' } });
    expect(m.headers.get('subject')).toBe('long folded header');
    expect(m.body).toBe('v=0\r');
    expect(parseCSeq(m.headers.get('cseq'))).toEqual({ seq: 314159, method: 'INVITE' });
    const from = parseNameAddr(m.headers.get('from')!);
    expect(from).toEqual({ displayName: 'Tolk, NL', uri: 'sip:+3212345@trunk.example', params: { tag: '1928' } });
  });

  it('round-trips through serialize with a correct Content-Length', () => {
    const m = parseMessage(fixture('invite-compact.sip'));
    const again = parseMessage(serialize(m));
    expect(serialize(again)).toBe(serialize(m));
    expect(serialize(m)).toContain('Content-Length: 4\r\n');
    expect(serialize(m)).toContain('Call-ID: a84b4c76e66710@pc33');
  });

  it('parses responses and rejects garbage with SipParseError', () => {
    const ok = parseMessage('SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n');
    expect(ok).toMatchObject({ kind: 'response', status: 180, reason: 'Ringing' });
    expect(() => parseMessage('hello')).toThrow(SipParseError);
    expect(() => parseMessage('INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\n')).toThrow(/missing/);
    expect(() =>
      parseMessage('INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@b>\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 99\r\n\r\nshort'),
    ).toThrow(/shorter/);
  });

  it('parses SIP URIs and name-addrs', () => {
    expect(parseUri('sip:123456*654321@127.0.0.1:5062;transport=udp')).toEqual({
      scheme: 'sip', user: '123456*654321', host: '127.0.0.1', port: 5062, params: { transport: 'udp' },
    });
    expect(() => parseUri('http://x')).toThrow(SipParseError);
    expect(() => parseUri('sip:a@b:70000')).toThrow(/port/);
    expect(formatNameAddr({ displayName: 'Evil"\r\nVia: x', uri: 'sip:a@b', params: { tag: 't' } })).toBe('"EvilVia: x" <sip:a@b>;tag=t');
  });
});
