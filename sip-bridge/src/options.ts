import { parseOrThrow } from '@videoloket/contracts';
import { z } from 'zod';

// The bridge's configuration as a typed object. signaling/src/config.ts (the
// only reader of process.env) builds it; env var names are proposed in
// docs/sip-bridge.md.

const hostPort = z.string().regex(/^[A-Za-z0-9.-]+(?::\d{1,5})?$/, 'host or host:port');

export const sipTrunkSchema = z.object({
  /** Outbound proxy / trunk, host[:port] (UDP). All dial-outs go there. */
  proxy: hostPort,
  /** Digest credentials the trunk challenges for (RFC 3261 §22). */
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  /** Our identity towards the trunk, e.g. sip:+3212345678@trunk.example. */
  fromUri: z.string().startsWith('sip:').optional(),
});

export const sipBridgeOptionsSchema = z.object({
  /** SIP signalling (UDP) bind address and port. */
  listenIp: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(5062),
  /** host[:port] we put in Via/Contact when behind NAT; default listenIp:port. */
  publicHost: hostPort.optional(),
  /** Phone-facing RTP: bind address, address announced in SDP, port range. */
  rtpListenIp: z.string().default('127.0.0.1'),
  rtpAnnouncedIp: z.string().optional(),
  rtpPortMin: z.number().int().min(1024).max(65534).default(40000),
  rtpPortMax: z.number().int().min(1025).max(65535).default(40999),
  /** Address of the SFU's PlainTransports, as seen from the bridge (same host: 127.0.0.1). */
  sfuIp: z.string().default('127.0.0.1'),
  trunk: sipTrunkSchema.optional(),
  /**
   * Which URIs a clerk may dial (regular expression on the whole URI).
   * Default: phone numbers only, so a clerk account cannot be used to call
   * arbitrary SIP hosts (toll fraud, SSRF-like probing).
   */
  dialAllow: z.string().default('^sip:\\+?[0-9]{3,15}@'),
  ringTimeoutMs: z.number().int().min(1000).default(45_000),
  /** Dial-in: digits of the generated PIN, time to enter it, wrong tries before the dial-in locks. */
  pinLength: z.number().int().min(4).max(12).default(6),
  pinTimeoutMs: z.number().int().min(1000).default(30_000),
  maxPinAttempts: z.number().int().min(1).max(10).default(3),
  /** Failed dial-ins (unknown extension, wrong PIN) per caller IP per 10 minutes before 403. */
  maxFailuresPerSource: z.number().int().min(1).default(10),
  /** Hang up when the phone sent no RTP for this long. */
  mediaTimeoutMs: z.number().int().min(1000).default(30_000),
  maxLegsPerCall: z.number().int().min(1).max(5).default(2),
  userAgent: z.string().default('Videoloket SIP bridge'),
});

export type SipBridgeOptions = z.input<typeof sipBridgeOptionsSchema>;
export type ResolvedSipBridgeOptions = z.output<typeof sipBridgeOptionsSchema>;

export function resolveSipBridgeOptions(input: SipBridgeOptions): ResolvedSipBridgeOptions {
  const checked = sipBridgeOptionsSchema.refine((o) => o.rtpPortMin < o.rtpPortMax, {
    message: 'rtpPortMin must be below rtpPortMax',
    path: ['rtpPortMin'],
  });
  return parseOrThrow(checked, input, 'SIP bridge options');
}
