import { describe, expect, it } from 'vitest';
import { alternateCodecFor, pickConsumable } from './alternates';

const video = (mimeType: string) => ({ kind: 'video' as const, mimeType });
const ROUTER = [{ kind: 'audio' as const, mimeType: 'audio/opus' }, video('video/VP8'), video('video/rtx'), video('video/H264'), video('video/rtx')];

describe('pickConsumable', () => {
  it('takes the producer asked for when the receiver can decode it, else the first alternate it can', () => {
    expect(pickConsumable(['vp8', 'h264'], () => true)).toBe('vp8');
    expect(pickConsumable(['vp8', 'h264'], (id) => id === 'h264')).toBe('h264');
    expect(pickConsumable(['vp8'], () => false)).toBeUndefined();
  });
});

describe('alternateCodecFor', () => {
  it('asks an H264-only receiver of a VP8 stream for H264', () => {
    expect(alternateCodecFor(ROUTER, { codecs: [video('video/H264'), video('video/rtx')] }, ['video/VP8'])).toBe('video/H264');
  });

  it('asks a VP8-only receiver of an H264 stream for VP8 (mime types compared without case)', () => {
    expect(alternateCodecFor(ROUTER, { codecs: [video('video/vp8')] }, ['video/H264'])).toBe('video/VP8');
  });

  it('asks for nothing the owner already sends, and for no repair codec', () => {
    expect(alternateCodecFor(ROUTER, { codecs: [video('video/H264'), video('video/rtx')] }, ['video/VP8', 'video/H264'])).toBeUndefined();
    expect(alternateCodecFor(ROUTER, { codecs: [video('video/rtx')] }, ['video/VP8'])).toBeUndefined();
  });

  it('asks for nothing when the receiver has no video codec of the router', () => {
    expect(alternateCodecFor(ROUTER, { codecs: [video('video/AV1')] }, ['video/VP8'])).toBeUndefined();
    expect(alternateCodecFor(ROUTER, {}, ['video/VP8'])).toBeUndefined();
  });
});
