import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { TurnCredentials, turnPassword } from './TurnCredentials';

const SECRET = 's'.repeat(40);
const URLS = ['turn:127.0.0.1:3478?transport=udp', 'turns:localhost:5349?transport=tcp'];
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

describe('TURN credentials (coturn use-auth-secret)', () => {
  const turn = new TurnCredentials({ urls: URLS, secret: SECRET, credentialTtlSeconds: 600 }, 'all', () => NOW);

  it('username is <expiry>:<seat> with the expiry the TTL after now; password base64(HMAC-SHA1(secret, username))', () => {
    const { username, credential, expiresAt } = turn.issue('seat-a');
    expect(expiresAt).toBe(NOW / 1000 + 600);
    expect(username).toBe(`${NOW / 1000 + 600}:seat-a`);
    expect(credential).toBe(createHmac('sha1', SECRET).update(username).digest('base64'));
    // coturn's own worked example shape: 28 base64 characters (20 bytes)
    expect(credential).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('a credential belongs to its seat and its expiry: another seat or a later expiry gives another password', () => {
    const a = turn.issue('seat-a');
    const b = turn.issue('seat-b');
    expect(b.username.endsWith(':seat-b')).toBe(true);
    expect(b.credential).not.toBe(a.credential);
    expect(turnPassword(SECRET, a.username.replace(':seat-a', ':seat-b'))).not.toBe(a.credential);
    const later = new TurnCredentials({ urls: URLS, secret: SECRET, credentialTtlSeconds: 600 }, 'all', () => NOW + 1000).issue('seat-a');
    expect(later.credential).not.toBe(a.credential);
  });

  it('the ICE config carries the URLs, the policy and the lifetime, and never the secret', () => {
    const ice = new TurnCredentials({ urls: URLS, secret: SECRET, credentialTtlSeconds: 600 }, 'relay', () => NOW).iceConfig('seat-a');
    expect(ice).toEqual({
      iceServers: [{ urls: URLS, username: `${NOW / 1000 + 600}:seat-a`, credential: expect.any(String) }],
      iceTransportPolicy: 'relay',
      expiresInSeconds: 600,
    });
    expect(JSON.stringify(ice)).not.toContain(SECRET);
  });

  it('without TURN: no servers, no lifetime, the policy still said', () => {
    expect(new TurnCredentials(undefined, 'all').iceConfig('seat-a')).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
  });
});

describe('TURN configuration', () => {
  it('embedded: the loopback coturn on UDP, TCP and TLS, secret generated later', () => {
    expect(loadConfig({}).turn).toEqual({
      urls: ['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp', 'turns:localhost:5349?transport=tcp'],
      secret: undefined,
      credentialTtlSeconds: 3600,
    });
    expect(loadConfig({ TURN_PORT: '13478', TURN_TLS_PORT: '443' }).turn?.urls).toEqual([
      'turn:127.0.0.1:13478?transport=udp',
      'turn:127.0.0.1:13478?transport=tcp',
      'turns:localhost:443?transport=tcp',
    ]);
  });

  it('`none` switches TURN off; relay-only without TURN is refused at start', () => {
    expect(loadConfig({ TURN_URLS: 'none' }).turn).toBeUndefined();
    expect(() => loadConfig({ TURN_URLS: 'none', ICE_TRANSPORT_POLICY: 'relay' })).toThrow(/ICE_TRANSPORT_POLICY/);
  });

  it('refuses URLs that are not turn:/turns: and a TTL under 30 seconds', () => {
    expect(() => loadConfig({ TURN_URLS: 'stun:example.org,https://x' })).toThrow(/TURN_URLS/);
    expect(() => loadConfig({ TURN_CREDENTIAL_TTL_SECONDS: '29' })).toThrow(/TURN_CREDENTIAL_TTL_SECONDS/);
  });

  it('production: TURN only when configured, and then only with its secret', () => {
    const production = {
      VIDEOLOKET_MODE: 'production',
      TOKEN_SECRET: 'x'.repeat(40),
      BACKOFFICE_LINK_SECRET: 'y'.repeat(40),
      PUBLIC_URL: 'https://loket.example.be',
      MEDIA_ANNOUNCED_ADDRESS: '203.0.113.7',
      VIDEOLOKET_DOCUMENT_KEY: Buffer.alloc(32).toString('base64'),
      VIDEOLOKET_DOWNLOAD_LINK_KEY: Buffer.alloc(32).toString('base64'),
      SEAL_PKCS12: '/etc/videoloket/seal.p12',
      PAYMENT_IBAN: 'BE68539007547034',
      PAYMENT_BENEFICIARY: 'Stad Gent',
    };
    expect(loadConfig(production).turn).toBeUndefined();
    const urls = 'turns:turn.loket.example.be:443?transport=tcp,turn:turn.loket.example.be:3478?transport=udp';
    expect(() => loadConfig({ ...production, TURN_URLS: urls })).toThrow(/TURN_SECRET/);
    expect(loadConfig({ ...production, TURN_URLS: urls, TURN_SECRET: SECRET }).turn?.urls).toHaveLength(2);
  });
});
