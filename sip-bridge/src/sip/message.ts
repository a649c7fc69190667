import { SipParseError } from '../errors';

// SIP message syntax (RFC 3261 §7, §20, §25) for the subset the bridge needs:
// one message per UDP datagram, Content-Length honoured, compact header forms
// expanded, headers kept in order with repeats (Via, Record-Route).

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: SipHeaders;
  body: string;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: string;
}

export type SipMessage = SipRequest | SipResponse;

/** RFC 3261 §7.3.3 compact forms. */
const COMPACT: Record<string, string> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
};

/** Canonical spelling for the headers we write; others are written as given. */
const CANONICAL: Record<string, string> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'proxy-authenticate': 'Proxy-Authenticate',
  'proxy-authorization': 'Proxy-Authorization',
  'max-forwards': 'Max-Forwards',
  'content-length': 'Content-Length',
  'content-type': 'Content-Type',
  'record-route': 'Record-Route',
  'user-agent': 'User-Agent',
};

/** Ordered, case-insensitive, multi-valued headers. */
/** Methods the bridge accepts (RFC 3261 §20.5 Allow). */
export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE';

export class SipHeaders {
  readonly #entries: Array<[name: string, value: string]> = [];

  static normalise(name: string): string {
    const lower = name.trim().toLowerCase();
    return COMPACT[lower] ?? lower;
  }

  get(name: string): string | undefined {
    const key = SipHeaders.normalise(name);
    return this.#entries.find(([n]) => n === key)?.[1];
  }

  /** All values of a header; comma-separated values of Via/Route/Record-Route/Contact are split. */
  getAll(name: string): string[] {
    const key = SipHeaders.normalise(name);
    const out: string[] = [];
    for (const [n, v] of this.#entries) {
      if (n !== key) continue;
      if (key === 'via' || key === 'route' || key === 'record-route' || key === 'contact') out.push(...splitList(v));
      else out.push(v);
    }
    return out;
  }

  set(name: string, value: string): this {
    this.delete(name);
    return this.append(name, value);
  }

  append(name: string, value: string): this {
    this.#entries.push([SipHeaders.normalise(name), value]);
    return this;
  }

  delete(name: string): this {
    const key = SipHeaders.normalise(name);
    for (let i = this.#entries.length - 1; i >= 0; i--) if (this.#entries[i]![0] === key) this.#entries.splice(i, 1);
    return this;
  }

  entries(): ReadonlyArray<readonly [string, string]> {
    return this.#entries;
  }

  clone(): SipHeaders {
    const copy = new SipHeaders();
    for (const [n, v] of this.#entries) copy.append(n, v);
    return copy;
  }
}

/** Splits a header list on commas that are outside quotes and <>. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '<') depth++;
    else if (!quoted && ch === '>') depth--;
    else if (!quoted && depth === 0 && ch === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v.length > 0);
}

const MAX_MESSAGE = 65_535;

export function parseMessage(data: Buffer | string): SipMessage {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  if (text.length > MAX_MESSAGE) throw new SipParseError('message too large');
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  let body = split === -1 ? '' : text.slice(split + 4);
  // RFC 3261 §7.3.1: lines starting with whitespace continue the previous header.
  const lines = head.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
  const startLine = lines.shift();
  if (!startLine) throw new SipParseError('empty message');
  const headers = new SipHeaders();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new SipParseError(`malformed header line: ${line.slice(0, 40)}`);
    headers.append(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const length = headers.get('content-length');
  if (length !== undefined) {
    const n = Number(length);
    if (!Number.isInteger(n) || n < 0) throw new SipParseError('bad Content-Length');
    // §18.3: Content-Length counts bytes; a shorter body is an error, a longer one is truncated.
    const bytes = Buffer.from(body, 'utf8');
    if (bytes.length < n) throw new SipParseError('body shorter than Content-Length');
    body = bytes.subarray(0, n).toString('utf8');
  }
  for (const required of ['via', 'call-id', 'cseq', 'from', 'to']) {
    if (headers.get(required) === undefined) throw new SipParseError(`missing ${required} header`);
  }
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(startLine);
  if (response) return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body };
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(startLine);
  if (request) return { kind: 'request', method: request[1]!, uri: request[2]!, headers, body };
  throw new SipParseError(`bad start line: ${startLine.slice(0, 60)}`);
}

export function serialize(message: SipMessage): string {
  const start =
    message.kind === 'request' ? `${message.method} ${message.uri} SIP/2.0` : `SIP/2.0 ${message.status} ${message.reason}`;
  const lines = [start];
  for (const [name, value] of message.headers.entries()) {
    if (name === 'content-length') continue;
    lines.push(`${headerName(name)}: ${value}`);
  }
  lines.push(`Content-Length: ${Buffer.byteLength(message.body, 'utf8')}`);
  return `${lines.join('\r\n')}\r\n\r\n${message.body}`;
}

function headerName(lower: string): string {
  return CANONICAL[lower] ?? lower.replace(/(^|-)([a-z])/g, (_, dash: string, ch: string) => dash + ch.toUpperCase());
}

export interface CSeq {
  seq: number;
  method: string;
}

export function parseCSeq(value: string | undefined): CSeq {
  const m = /^(\d+)\s+([A-Z]+)$/.exec(value?.trim() ?? '');
  if (!m) throw new SipParseError('bad CSeq');
  return { seq: Number(m[1]), method: m[2]! };
}

/** A name-addr or addr-spec with header parameters: `"Name" <sip:u@h>;tag=x`. */
export interface NameAddr {
  displayName?: string;
  uri: string;
  params: Record<string, string>;
}

export function parseNameAddr(value: string): NameAddr {
  const v = value.trim();
  let displayName: string | undefined;
  let uri: string;
  let rest: string;
  const lt = v.indexOf('<');
  if (lt !== -1) {
    const gt = v.indexOf('>', lt);
    if (gt === -1) throw new SipParseError('unterminated <uri>');
    const name = v.slice(0, lt).trim().replace(/^"(.*)"$/, '$1');
    if (name) displayName = name;
    uri = v.slice(lt + 1, gt);
    rest = v.slice(gt + 1);
  } else {
    // §20.10: without <>, parameters after the URI belong to the header.
    const semi = v.indexOf(';');
    uri = semi === -1 ? v : v.slice(0, semi);
    rest = semi === -1 ? '' : v.slice(semi);
  }
  return { ...(displayName ? { displayName } : {}), uri, params: parseParams(rest) };
}

export function formatNameAddr(addr: NameAddr): string {
  const name = addr.displayName ? `"${addr.displayName.replace(/["\\\r\n]/g, '')}" ` : '';
  const params = Object.entries(addr.params)
    .map(([k, v]) => (v === '' ? `;${k}` : `;${k}=${v}`))
    .join('');
  return `${name}<${addr.uri}>${params}`;
}

export function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq === -1) out[p.toLowerCase()] = '';
    else out[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
  }
  return out;
}

export interface SipUri {
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params: Record<string, string>;
}

/** sip:user@host:port;params — headers (?…) are dropped: we never act on them. */
export function parseUri(text: string): SipUri {
  const m = /^(sips?):(?:([^:@;?]+)(?::([^@;?]*))?@)?(\[[^\]]+\]|[^:;?]+)(?::(\d+))?([^?]*)/i.exec(text.trim());
  if (!m) throw new SipParseError(`bad SIP URI: ${text.slice(0, 60)}`);
  const port = m[5] === undefined ? undefined : Number(m[5]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new SipParseError('bad port in SIP URI');
  return {
    scheme: m[1]!.toLowerCase() as 'sip' | 'sips',
    ...(m[2] ? { user: decodeURIComponent(m[2]) } : {}),
    ...(m[3] ? { password: m[3] } : {}),
    host: m[4]!.toLowerCase(),
    ...(port === undefined ? {} : { port }),
    params: parseParams(m[6] ?? ''),
  };
}

export function formatUri(uri: SipUri): string {
  const user = uri.user ? `${encodeURIComponent(uri.user).replace(/%2B/g, '+').replace(/%23/g, '%23')}@` : '';
  const port = uri.port ? `:${uri.port}` : '';
  const params = Object.entries(uri.params)
    .map(([k, v]) => (v === '' ? `;${k}` : `;${k}=${v}`))
    .join('');
  return `${uri.scheme}:${user}${uri.host}${port}${params}`;
}

/** The top Via's sent-by and parameters (§18.2.1 uses them to route responses). */
export interface Via {
  transport: string;
  host: string;
  port?: number;
  params: Record<string, string>;
}

export function parseVia(value: string): Via {
  const m = /^SIP\/2\.0\/([A-Za-z]+)\s+(\[[^\]]+\]|[^:;\s]+)(?::(\d+))?\s*(.*)$/.exec(value.trim());
  if (!m) throw new SipParseError('bad Via');
  return {
    transport: m[1]!.toUpperCase(),
    host: m[2]!,
    ...(m[3] ? { port: Number(m[3]) } : {}),
    params: parseParams(m[4] ?? ''),
  };
}
