import { NoCommonCodecError, SipParseError } from './errors';
import { SRTP_SUITES, type SrtpSuite } from './media/srtp';

// SDP (RFC 4566) offer/answer (RFC 3264) for exactly one audio stream over
// RTP/AVP. The bridge offers Opus, PCMU, PCMA and telephone-event (RFC 4733,
// for dial-in PINs); the answer picks the first codec of the offer that we
// support, as RFC 3264 §6.1 asks the answerer to keep the offerer's order.

export type AudioCodecName = 'opus' | 'PCMU' | 'PCMA';

export interface SdpCodec {
  payloadType: number;
  name: string;
  clockRate: number;
  channels: number;
  fmtp?: string;
}

export interface AudioDescription {
  /** c= address (session or media level). */
  address: string;
  port: number;
  codecs: SdpCodec[];
  /** a=sendrecv|sendonly|recvonly|inactive; default sendrecv. */
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  rtcpMux: boolean;
  /** a=ssrc if the peer declared one. */
  ssrc?: number;
  /** RTP/AVP (plain) or RTP/SAVP (SRTP, keys in a=crypto). */
  profile: 'RTP/AVP' | 'RTP/SAVP';
  /** RFC 4568 a=crypto lines we can use (known suite, inline key), in the offerer's order. */
  crypto: SdesCrypto[];
}

export interface SdesCrypto {
  tag: number;
  suite: SrtpSuite;
  /** base64 master key||salt (the part after inline:, without lifetime/MKI). */
  key: string;
}

export interface NegotiatedAudio {
  codec: SdpCodec & { name: AudioCodecName };
  /** The peer's telephone-event (RFC 4733), if any; answered with the same rate. */
  dtmf?: SdpCodec;
  remote: AudioDescription;
}

/** Static payload types (RFC 3551 table 4) that need no rtpmap. */
const STATIC: Record<number, Omit<SdpCodec, 'payloadType'>> = {
  0: { name: 'PCMU', clockRate: 8000, channels: 1 },
  8: { name: 'PCMA', clockRate: 8000, channels: 1 },
};

export const OPUS_PT = 111;
export const DTMF_PT = 101;

export function parseSdp(text: string): AudioDescription {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  let sessionAddress: string | undefined;
  let mediaAddress: string | undefined;
  let audio: { port: number; pts: number[]; profile: AudioDescription['profile'] } | undefined;
  const crypto: SdesCrypto[] = [];
  let inAudio = false;
  let direction: AudioDescription['direction'] = 'sendrecv';
  let rtcpMux = false;
  let ssrc: number | undefined;
  const rtpmap = new Map<number, Omit<SdpCodec, 'payloadType'>>();
  const fmtp = new Map<number, string>();
  let seenMedia = false;
  for (const line of lines) {
    const type = line[0];
    const value = line.slice(2);
    if (line[1] !== '=') throw new SipParseError(`bad SDP line: ${line.slice(0, 40)}`);
    if (type === 'm') {
      seenMedia = true;
      const m = /^(\w+) (\d+)(?:\/\d+)? (\S+) ?(.*)$/.exec(value);
      if (!m) throw new SipParseError('bad SDP m= line');
      // RFC 3264 §5.1: only the first audio stream over RTP/AVP is used; others are refused by port 0 in the answer.
      inAudio = !audio && m[1] === 'audio' && (m[3] === 'RTP/AVP' || m[3] === 'RTP/SAVP') && m[2] !== '0';
      if (inAudio) audio = { port: Number(m[2]), pts: (m[4] ?? '').split(' ').filter(Boolean).map(Number), profile: m[3] as AudioDescription['profile'] };
      continue;
    }
    if (seenMedia && !inAudio) continue;
    if (type === 'c') {
      const c = /^IN IP4 (\S+)/.exec(value);
      if (!c) throw new SipParseError('only IPv4 SDP connection addresses are supported');
      if (seenMedia) mediaAddress = c[1];
      else sessionAddress = c[1];
    } else if (type === 'a') {
      const rm = /^rtpmap:(\d+) ([\w.-]+)\/(\d+)(?:\/(\d+))?/.exec(value);
      const fm = /^fmtp:(\d+) (.*)$/.exec(value);
      const ss = /^ssrc:(\d+)/.exec(value);
      // RFC 4568 §9.1: a=crypto:<tag> <suite> inline:<key||salt>[|lifetime][|MKI:len]
      const cr = /^crypto:(\d+) (\S+) inline:([A-Za-z0-9+/=]+)/.exec(value);
      if (cr && inAudio && (SRTP_SUITES as readonly string[]).includes(cr[2]!) && Buffer.from(cr[3]!, 'base64').length === 30) {
        crypto.push({ tag: Number(cr[1]), suite: cr[2] as SrtpSuite, key: cr[3]! });
      }
      if (rm) rtpmap.set(Number(rm[1]), { name: rm[2]!, clockRate: Number(rm[3]), channels: rm[4] ? Number(rm[4]) : 1 });
      else if (fm) fmtp.set(Number(fm[1]), fm[2]!);
      else if (ss && inAudio) ssrc = Number(ss[1]);
      else if (value === 'rtcp-mux') rtcpMux = true;
      else if (value === 'sendrecv' || value === 'sendonly' || value === 'recvonly' || value === 'inactive') direction = value;
    }
  }
  if (!audio) throw new NoCommonCodecError();
  const address = mediaAddress ?? sessionAddress;
  if (!address) throw new SipParseError('SDP has no connection address');
  const codecs: SdpCodec[] = [];
  for (const pt of audio.pts) {
    const known = rtpmap.get(pt) ?? STATIC[pt];
    if (!known) continue;
    const f = fmtp.get(pt);
    codecs.push({ payloadType: pt, ...known, ...(f ? { fmtp: f } : {}) });
  }
  return { address, port: audio.port, codecs, direction, rtcpMux, ...(ssrc !== undefined ? { ssrc } : {}), profile: audio.profile, crypto };
}

/** The first offered codec we support, in the offerer's order of preference. */
export function negotiate(remote: AudioDescription, supported: readonly AudioCodecName[]): NegotiatedAudio {
  let codec: NegotiatedAudio['codec'] | undefined;
  for (const c of remote.codecs) {
    const name = supported.find((s) => s.toLowerCase() === c.name.toLowerCase());
    // Opus in SDP is always opus/48000/2 (RFC 7587 §7); G.711 is 8000/1.
    if (name === 'opus' && c.clockRate === 48000) codec = { ...c, name };
    else if ((name === 'PCMU' || name === 'PCMA') && c.clockRate === 8000) codec = { ...c, name };
    if (codec) break;
  }
  if (!codec) throw new NoCommonCodecError();
  const dtmf = remote.codecs.find((c) => c.name.toLowerCase() === 'telephone-event' && c.clockRate === codec.clockRate)
    ?? remote.codecs.find((c) => c.name.toLowerCase() === 'telephone-event');
  return { codec, ...(dtmf ? { dtmf } : {}), remote };
}

export interface LocalAudio {
  address: string;
  port: number;
  sessionId: string;
  /** RTP/SAVP with this a=crypto line (our key), else RTP/AVP. */
  crypto?: SdesCrypto;
  /** o= session version: +1 whenever the SDP changes (RFC 3264 §8). Default = sessionId. */
  version?: number;
  /** Default sendrecv; recvonly/inactive answer a hold (RFC 3264 §8.4). */
  direction?: AudioDescription['direction'];
  /** Codecs to list, in order; for an answer, exactly the negotiated one. */
  codecs: SdpCodec[];
  dtmfPayloadType?: number;
  dtmfClockRate?: number;
}

/** Codecs the bridge offers, in preference order. */
export function offerCodecs(supported: readonly AudioCodecName[]): SdpCodec[] {
  const table: Record<AudioCodecName, SdpCodec> = {
    opus: { payloadType: OPUS_PT, name: 'opus', clockRate: 48000, channels: 2, fmtp: 'minptime=10;useinbandfec=1' },
    PCMU: { payloadType: 0, name: 'PCMU', clockRate: 8000, channels: 1 },
    PCMA: { payloadType: 8, name: 'PCMA', clockRate: 8000, channels: 1 },
  };
  return supported.map((name) => table[name]);
}

export function buildSdp(local: LocalAudio): string {
  const pts = local.codecs.map((c) => c.payloadType);
  if (local.dtmfPayloadType !== undefined) pts.push(local.dtmfPayloadType);
  const lines = [
    'v=0',
    `o=videoloket ${local.sessionId} ${local.version ?? local.sessionId} IN IP4 ${local.address}`,
    's=videoloket',
    `c=IN IP4 ${local.address}`,
    't=0 0',
    `m=audio ${local.port} ${local.crypto ? 'RTP/SAVP' : 'RTP/AVP'} ${pts.join(' ')}`,
  ];
  if (local.crypto) lines.push(`a=crypto:${local.crypto.tag} ${local.crypto.suite} inline:${local.crypto.key}`);
  for (const c of local.codecs) {
    lines.push(`a=rtpmap:${c.payloadType} ${c.name}/${c.clockRate}${c.channels > 1 ? `/${c.channels}` : ''}`);
    if (c.fmtp) lines.push(`a=fmtp:${c.payloadType} ${c.fmtp}`);
  }
  if (local.dtmfPayloadType !== undefined) {
    lines.push(`a=rtpmap:${local.dtmfPayloadType} telephone-event/${local.dtmfClockRate ?? 8000}`, `a=fmtp:${local.dtmfPayloadType} 0-15`);
  }
  lines.push('a=ptime:20', `a=${local.direction ?? 'sendrecv'}`);
  return `${lines.join('\r\n')}\r\n`;
}
