import { parseOrThrow } from '@videoloket/contracts';
import { z } from 'zod';

// The bridge's configuration as a typed object. signaling/src/config.ts (the
// only reader of process.env) builds it; env var names are proposed in
// docs/sip-bridge.md.

const hostPort = z.string().regex(/^[A-Za-z0-9.-]+(?::\d{1,5})?$/, 'host or host:port');

export const sipTrunkSchema = z.object({
  /** Outbound proxy / trunk, host[:port]. All dial-outs go there. */
  proxy: hostPort,
  /** Transport to the trunk (RFC 3261 §18); TLS needs `tls` below for our own server side too. */
  transport: z.enum(['udp', 'tcp', 'tls']).default('udp'),
  /**
   * REGISTER at the trunk (RFC 3261 §10) so it routes the dial-in number to us;
   * off for trunks that route to a fixed IP.
   */
  register: z.boolean().default(false),
  /** Domain of our address-of-record sip:<username>@<domain>; default the proxy's host. */
  domain: z.string().regex(/^[A-Za-z0-9.-]+$/).optional(),
  /** Registration lifetime we ask for, in seconds; refreshed at half of what the registrar grants. */
  registerExpiresS: z.number().int().min(1).max(86_400).default(600),
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
  /**
   * RFC 4028 session interval: the dialog is refreshed every half interval (we are the
   * refresher unless the far end asked to be), and ends when a refresh fails or the
   * far end's refresh does not come. RFC 4028 §5 asks for ≥ 90 s; lower is for tests.
   */
  sessionExpiresS: z.number().int().min(10).max(86_400).default(1800),
  /** SIP over TLS (server side and client trust): PEM file paths; TLS listens on tlsPort. */
  tls: z
    .object({
      certFile: z.string().min(1),
      keyFile: z.string().min(1),
      /** CA bundle to check the trunk's certificate; default the system's. */
      caFile: z.string().min(1).optional(),
      port: z.number().int().min(0).max(65535).default(5063),
    })
    .optional(),
  /**
   * SRTP (RFC 4568 SDES, AES_CM_128_HMAC_SHA1_80) on the phone side: 'off' plain RTP,
   * 'optional' offer RTP/AVP with crypto and answer what the phone offers, 'required'
   * RTP/SAVP only (488 to plain offers). Keys travel in SDP, so only over TLS.
   */
  srtp: z.enum(['off', 'optional', 'required']).default('off'),
  /** INVITEs accepted per source IP per 10 s before 503 (a flood or a looping trunk). */
  maxInvitesPerSource: z.number().int().min(1).default(20),
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
