import { describe, expect, it } from 'vitest';
import { cameraSimulcastEncodings, mediaCodecs } from './codecs';

describe('mediaCodecs', () => {
  it('offers Opus, VP8 and H264 constrained baseline (iOS Safari) before baseline, both packetization-mode 1', () => {
    expect(mediaCodecs.map((c) => c.mimeType)).toEqual(['audio/opus', 'video/VP8', 'video/H264', 'video/H264']);
    const h264 = mediaCodecs.filter((c) => c.mimeType === 'video/H264');
    expect(h264.map((c) => c.parameters)).toEqual([
      expect.objectContaining({ 'packetization-mode': 1, 'profile-level-id': '42e01f' }),
      expect.objectContaining({ 'packetization-mode': 1, 'profile-level-id': '42001f' }),
    ]);
  });

  it('simulcast layers go from small to full resolution', () => {
    expect(cameraSimulcastEncodings.map((e) => e.scaleResolutionDownBy)).toEqual([4, 2, 1]);
  });
});
