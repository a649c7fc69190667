import { describe, expect, it } from 'vitest';
import { cameraSimulcastEncodings, mediaCodecs } from './codecs';

describe('mediaCodecs', () => {
  it('offers Opus, VP8 and the H264 profile iOS Safari uses', () => {
    expect(mediaCodecs.map((c) => c.mimeType)).toEqual(['audio/opus', 'video/VP8', 'video/H264']);
    const h264 = mediaCodecs.find((c) => c.mimeType === 'video/H264');
    expect(h264?.parameters).toMatchObject({ 'packetization-mode': 1, 'profile-level-id': '42e01f' });
  });

  it('simulcast layers go from small to full resolution', () => {
    expect(cameraSimulcastEncodings.map((e) => e.scaleResolutionDownBy)).toEqual([4, 2, 1]);
  });
});
