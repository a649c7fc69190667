import { describe, expect, it } from 'vitest';
import { digestAuthorization, parseAuthParams, parseChallenge } from './digest';

describe('SIP digest authentication (RFC 2617 / RFC 3261 §22.4)', () => {
  it('computes the RFC 2617 §3.5 example response (MD5, qop=auth)', () => {
    // The RFC's worked example, with method GET and uri /dir/index.html.
    const challenge = parseChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    const header = digestAuthorization({
      challenge,
      credentials: { username: 'Mufasa', password: 'Circle Of Life' },
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
      cnonce: '0a4f113b',
    });
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('qop=auth');
    expect(header).toContain('nc=00000001');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('without qop uses the RFC 2069 form H(HA1:nonce:HA2)', () => {
    const challenge = parseChallenge('Digest realm="trunk", nonce="abc"');
    const header = digestAuthorization({ challenge, credentials: { username: 'u', password: 'p' }, method: 'INVITE', uri: 'sip:1@t' });
    // md5(md5("u:trunk:p") + ":abc:" + md5("INVITE:sip:1@t"))
    expect(header).toMatch(/response="[0-9a-f]{32}"/);
    expect(header).not.toContain('qop=');
    const again = digestAuthorization({ challenge, credentials: { username: 'u', password: 'p' }, method: 'INVITE', uri: 'sip:1@t' });
    expect(again).toBe(header);
  });

  it('supports SHA-256 (RFC 7616) and refuses other schemes and algorithms', () => {
    const challenge = parseChallenge('Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"');
    expect(challenge.algorithm).toBe('SHA-256');
    const header = digestAuthorization({ challenge, credentials: { username: 'u', password: 'p' }, method: 'INVITE', uri: 'sip:x@y', cnonce: 'c' });
    expect(header).toMatch(/response="[0-9a-f]{64}"/);
    expect(() => parseChallenge('Basic realm="x"')).toThrow(/only Digest/);
    expect(() => parseChallenge('Digest realm="r", nonce="n", algorithm=MD5-sess')).toThrow(/unsupported/);
    expect(() => parseChallenge('Digest realm="r"')).toThrow(/nonce/);
  });

  it('parses quoted values with commas and escapes', () => {
    expect(parseAuthParams('realm="a, b", nonce="x\\"y", stale=TRUE')).toEqual({ realm: 'a, b', nonce: 'x"y', stale: 'TRUE' });
  });
});
