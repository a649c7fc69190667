import { z } from 'zod';

// Schemas for the mediasoup parameters a client sends. Shapes follow mediasoup's
// RtpParameters/RtpCapabilities/DtlsParameters; sizes are capped so a client cannot
// make the server chew on megabytes of SDP-ish JSON. mediasoup validates semantics.

const shortString = z.string().max(128);
const codecParameterMap = z.record(z.string().max(64), z.union([z.string().max(256), z.number()]));
const RtcpFeedback = z.strictObject({ type: z.string().max(32), parameter: z.string().max(32).optional() });

const RtpCodecCapability = z.strictObject({
  kind: z.enum(['audio', 'video']),
  mimeType: shortString,
  preferredPayloadType: z.number().int().min(0).max(127).optional(),
  clockRate: z.number().int().positive(),
  channels: z.number().int().min(1).max(8).optional(),
  parameters: codecParameterMap.optional(),
  rtcpFeedback: z.array(RtcpFeedback).max(20).optional(),
});

const RtpHeaderExtension = z.strictObject({
  kind: z.enum(['audio', 'video']),
  uri: z.string().max(256),
  preferredId: z.number().int().min(1).max(255),
  preferredEncrypt: z.boolean().optional(),
  direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
});

export const RtpCapabilities = z.strictObject({
  codecs: z.array(RtpCodecCapability).max(64).optional(),
  headerExtensions: z.array(RtpHeaderExtension).max(64).optional(),
});

const RtpCodecParameters = z.strictObject({
  mimeType: shortString,
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().positive(),
  channels: z.number().int().min(1).max(8).optional(),
  parameters: codecParameterMap.optional(),
  rtcpFeedback: z.array(RtcpFeedback).max(20).optional(),
});

const RtpHeaderExtensionParameters = z.strictObject({
  uri: z.string().max(256),
  id: z.number().int().min(1).max(255),
  encrypt: z.boolean().optional(),
  parameters: codecParameterMap.optional(),
});

const RtpEncodingParameters = z.strictObject({
  ssrc: z.number().int().nonnegative().optional(),
  rid: z.string().max(32).optional(),
  codecPayloadType: z.number().int().min(0).max(127).optional(),
  rtx: z.strictObject({ ssrc: z.number().int().nonnegative() }).optional(),
  dtx: z.boolean().optional(),
  scalabilityMode: z.string().max(16).optional(),
  scaleResolutionDownBy: z.number().positive().optional(),
  maxBitrate: z.number().positive().optional(),
  maxFramerate: z.number().positive().optional(),
  adaptivePtime: z.boolean().optional(),
  priority: z.enum(['very-low', 'low', 'medium', 'high']).optional(),
  networkPriority: z.enum(['very-low', 'low', 'medium', 'high']).optional(),
  active: z.boolean().optional(),
});

export const RtpParameters = z.strictObject({
  mid: z.string().max(32).optional(),
  codecs: z.array(RtpCodecParameters).min(1).max(20),
  headerExtensions: z.array(RtpHeaderExtensionParameters).max(30).optional(),
  encodings: z.array(RtpEncodingParameters).max(10).optional(),
  rtcp: z
    .strictObject({ cname: z.string().max(256).optional(), reducedSize: z.boolean().optional(), mux: z.boolean().optional() })
    .optional(),
  msid: z.string().max(256).optional(),
});

export const DtlsParameters = z.strictObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.strictObject({ algorithm: z.string().max(16), value: z.string().max(256) }))
    .min(1)
    .max(10),
});

/** What the server sends back for a new WebRTC transport (opaque to validation). */
export interface TransportOptions {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
  sctpParameters?: unknown;
  /** TURN servers with this seat's credentials and the ICE policy (issue 16). */
  ice: IceConfig;
}

/**
 * What the browser's RTCPeerConnection gets for ICE: TURN URLs with short-lived credentials
 * of this seat (coturn's shared-secret scheme) and the transport policy.
 */
export interface IceConfig {
  iceServers: { urls: string[]; username: string; credential: string }[];
  iceTransportPolicy: 'all' | 'relay';
  /** Seconds the credentials keep working from the answer on (absent without TURN): fetch new ones before. */
  expiresInSeconds?: number;
}

/** What the server sends back for a new consumer; the client creates it paused, then resumes. */
export interface ConsumerOptions {
  id: string;
  producerId: string;
  kind: 'audio' | 'video';
  rtpParameters: unknown;
  participantId: string;
  source: MediaSource;
}

export const MediaSource = z.enum(['microphone', 'camera', 'screen']);
export type MediaSource = z.infer<typeof MediaSource>;
