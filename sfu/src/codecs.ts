import type { types } from 'mediasoup';

/**
 * The codecs every call's router offers. Opus for audio; VP8 as the default
 * video codec (Chromium, Firefox); H264 with packetization-mode 1 in the two
 * profiles every H264 browser has: constrained baseline (42e01f, what iOS
 * Safari sends and decodes in hardware) and baseline (42001f). A browser
 * that can decode only H264 gets the others' video as an H264 alternate
 * (alternates.ts, docs/browsers.md).
 */
export const mediaCodecs: types.RouterRtpCodecCapability[] = [
  {
    kind: 'audio',
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
  },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90000,
    parameters: { 'x-google-start-bitrate': 1000 },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
      'level-asymmetry-allowed': 1,
      'x-google-start-bitrate': 1000,
    },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42001f',
      'level-asymmetry-allowed': 1,
      'x-google-start-bitrate': 1000,
    },
  },
];

/**
 * Simulcast layers for camera video, for clients to pass as
 * `transport.produce({ encodings })`. Three spatial layers so the SFU can
 * send a phone on 4G the lowest one; L1T3 gives temporal layers too.
 * Plain data: no mediasoup import needed on the client side.
 */
export const cameraSimulcastEncodings = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
] as const;
