import { createHash, randomBytes } from 'node:crypto';
import { SipParseError } from '../errors';

// HTTP Digest for SIP (RFC 3261 §22.4, RFC 2617 / RFC 7616 with MD5 and
// SHA-256). Client side only: the bridge authenticates to the trunk. The
// computed response is a secret-derived value: never log it.

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: 'MD5' | 'SHA-256';
  /** The qop values offered; we use 'auth' when present (RFC 2617 §3.2.1). */
  qop: string[];
  stale: boolean;
}

export interface DigestCredentials {
  username: string;
  password: string;
}

export function parseChallenge(header: string): DigestChallenge {
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) throw new SipParseError('only Digest authentication is supported');
  const params = parseAuthParams(m[1]!);
  const realm = params.realm;
  const nonce = params.nonce;
  if (realm === undefined || nonce === undefined) throw new SipParseError('Digest challenge without realm or nonce');
  const algorithm = (params.algorithm ?? 'MD5').toUpperCase();
  if (algorithm !== 'MD5' && algorithm !== 'SHA-256') throw new SipParseError(`unsupported Digest algorithm ${algorithm}`);
  return {
    realm,
    nonce,
    ...(params.opaque !== undefined ? { opaque: params.opaque } : {}),
    algorithm,
    qop: (params.qop ?? '').split(',').map((q) => q.trim()).filter(Boolean),
    stale: (params.stale ?? '').toLowerCase() === 'true',
  };
}

/** key=value and key="quoted, value" pairs separated by commas. */
export function parseAuthParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  return out;
}

export interface DigestInput {
  challenge: DigestChallenge;
  credentials: DigestCredentials;
  method: string;
  uri: string;
  /** Nonce count; increments per request with the same nonce. */
  nc?: number;
  /** Fixed cnonce, for tests; random otherwise. */
  cnonce?: string;
}

/** The Authorization / Proxy-Authorization header value answering a challenge. */
export function digestAuthorization(input: DigestInput): string {
  const { challenge, credentials, method, uri } = input;
  const h = (s: string) => createHash(challenge.algorithm === 'SHA-256' ? 'sha256' : 'md5').update(s, 'utf8').digest('hex');
  const ha1 = h(`${credentials.username}:${challenge.realm}:${credentials.password}`);
  const ha2 = h(`${method}:${uri}`);
  const useQop = challenge.qop.includes('auth');
  const nc = (input.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = input.cnonce ?? randomBytes(8).toString('hex');
  const response = useQop
    ? h(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`)
    : h(`${ha1}:${challenge.nonce}:${ha2}`);
  const parts = [
    `username="${quote(credentials.username)}"`,
    `realm="${quote(challenge.realm)}"`,
    `nonce="${quote(challenge.nonce)}"`,
    `uri="${quote(uri)}"`,
    `response="${response}"`,
    `algorithm=${challenge.algorithm}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque="${quote(challenge.opaque)}"`);
  if (useQop) parts.push('qop=auth', `nc=${nc}`, `cnonce="${cnonce}"`);
  return `Digest ${parts.join(', ')}`;
}

function quote(s: string): string {
  return s.replace(/(["\\])/g, '\\$1');
}
