import { describe, expect, it } from 'vitest';
import { classifyQuality, qualityCounters, QualityTrend, sampleBetween, type QualityCounters } from './quality';

/** A stats report as Chromium gives it: a map of stats by id. */
function report(stats: Record<string, unknown>[]) {
  return new Map(stats.map((s, i) => [String((s as { id?: string }).id ?? i), s])) as unknown as Parameters<typeof qualityCounters>[0];
}

const counters = (c: Partial<QualityCounters>): QualityCounters => ({
  sentPackets: 0,
  sentLost: 0,
  sentVideoPackets: 0,
  receivedPackets: 0,
  receivedLost: 0,
  ...c,
});

describe('qualityCounters', () => {
  it('sums both transports and reads the selected pair of each', () => {
    const send = report([
      { id: 't', type: 'transport', selectedCandidatePairId: 'p' },
      { id: 'p', type: 'candidate-pair', currentRoundTripTime: 0.12, availableOutgoingBitrate: 640_000 },
      { type: 'outbound-rtp', kind: 'audio', packetsSent: 100 },
      { type: 'outbound-rtp', kind: 'video', packetsSent: 300 },
      { type: 'outbound-rtp', kind: 'video', packetsSent: 200 },
      { type: 'remote-inbound-rtp', kind: 'video', packetsLost: 7 },
      { type: 'remote-inbound-rtp', kind: 'audio', packetsLost: -1 },
    ]);
    const recv = report([
      { id: 't', type: 'transport', selectedCandidatePairId: 'p' },
      { id: 'p', type: 'candidate-pair', currentRoundTripTime: 0.3, availableOutgoingBitrate: 30_000 },
      { type: 'inbound-rtp', kind: 'audio', packetsReceived: 90, packetsLost: 10 },
    ]);
    expect(qualityCounters(send, recv)).toEqual({
      sentPackets: 600,
      sentLost: 7,
      sentVideoPackets: 500,
      receivedPackets: 90,
      receivedLost: 10,
      rttMs: 300,
      // Only the send transport's estimate: the receive side sends nothing but RTCP.
      availableOutgoingKbps: 640,
    });
  });

  it('gives zeros without transports', () => {
    expect(qualityCounters(undefined, undefined)).toEqual(counters({}));
  });
});

describe('sampleBetween and classifyQuality', () => {
  it('a clean line is good', () => {
    const s = sampleBetween(counters({}), counters({ sentPackets: 500, sentVideoPackets: 400, receivedPackets: 500, rttMs: 40, availableOutgoingKbps: 1500 }));
    expect(s).toEqual({ lossFraction: 0, rttMs: 40, availableOutgoingKbps: 1500 });
    expect(classifyQuality(s)).toBe('good');
  });

  it('5 % loss on the way out is weak; 20 % on the way in is very weak', () => {
    const out = sampleBetween(counters({}), counters({ sentPackets: 400, sentLost: 20, receivedPackets: 400 }));
    expect(out.lossFraction).toBeCloseTo(0.05);
    expect(classifyQuality(out)).toBe('weak');
    const inbound = sampleBetween(counters({ receivedPackets: 1000, receivedLost: 5 }), counters({ receivedPackets: 1400, receivedLost: 105 }));
    expect(inbound.lossFraction).toBeCloseTo(0.2);
    expect(classifyQuality(inbound)).toBe('very-weak');
  });

  it('a few packets say nothing about loss', () => {
    expect(sampleBetween(counters({}), counters({ sentPackets: 10, sentLost: 5 })).lossFraction).toBeUndefined();
    expect(classifyQuality(sampleBetween(counters({}), counters({ sentPackets: 10, sentLost: 5 })))).toBe('good');
  });

  it('little bandwidth while the camera sends is weak, very little very weak; without video it is not looked at', () => {
    const at = (kbps: number, video: number) => classifyQuality(sampleBetween(counters({}), counters({ sentPackets: 500, sentVideoPackets: video, availableOutgoingKbps: kbps })));
    expect(at(300, 400)).toBe('good');
    expect(at(200, 400)).toBe('weak');
    expect(at(80, 400)).toBe('very-weak');
    expect(at(80, 0)).toBe('good');
  });

  it('a long round trip is weak, a very long one very weak', () => {
    expect(classifyQuality({ rttMs: 600 })).toBe('weak');
    expect(classifyQuality({ rttMs: 2000 })).toBe('very-weak');
    expect(classifyQuality({ rttMs: 499 })).toBe('good');
  });
});

describe('QualityTrend', () => {
  it('goes down after two bad windows, not after one', () => {
    const t = new QualityTrend();
    expect(t.push('weak')).toBe('good');
    expect(t.push('good')).toBe('good');
    expect(t.push('weak')).toBe('good');
    expect(t.push('very-weak')).toBe('weak');
    expect(t.push('very-weak')).toBe('very-weak');
  });

  it('climbs back only after three better windows in a row', () => {
    const t = new QualityTrend();
    t.push('very-weak');
    t.push('very-weak');
    expect(t.current).toBe('very-weak');
    expect(t.push('good')).toBe('very-weak');
    expect(t.push('good')).toBe('very-weak');
    expect(t.push('weak')).toBe('weak');
    expect(t.push('good')).toBe('weak');
    expect(t.push('good')).toBe('weak');
    expect(t.push('good')).toBe('good');
  });
});
