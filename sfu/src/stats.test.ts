import { describe, expect, it } from 'vitest';
import { sumStreams, transportTotals } from './stats';

const stream = (type: string, packetCount: number, score: number) => ({
  type,
  packetCount,
  byteCount: packetCount * 100,
  bitrate: packetCount * 8,
  packetsLost: 1,
  score,
});

describe('sumStreams', () => {
  it('sums simulcast layers of a producer and keeps the lowest score', () => {
    const t = sumStreams([stream('inbound-rtp', 10, 9), stream('inbound-rtp', 20, 7), stream('inbound-rtp', 5, 10)], 'inbound-rtp');
    expect(t).toEqual({ packetCount: 35, byteCount: 3500, bitrate: 280, packetsLost: 3, score: 7 });
  });

  it("counts only the consumer's own outbound stream, not its producer's inbound stats", () => {
    const t = sumStreams([stream('outbound-rtp', 4, 10), stream('inbound-rtp', 400, 3)], 'outbound-rtp');
    expect(t.packetCount).toBe(4);
    expect(t.score).toBe(10);
  });

  it('has no score before any stream exists', () => {
    expect(sumStreams([], 'inbound-rtp')).toEqual({ packetCount: 0, byteCount: 0, bitrate: 0, packetsLost: 0 });
  });
});

describe('transportTotals', () => {
  it('adds bytes and keeps ICE/DTLS state', () => {
    const base = { transportId: 't', timestamp: 0, rtpBytesReceived: 0, rtpRecvBitrate: 0, rtpBytesSent: 0, rtpSendBitrate: 0,
      rtxBytesReceived: 0, rtxRecvBitrate: 0, rtxBytesSent: 0, rtxSendBitrate: 0, probationBytesSent: 0, probationSendBitrate: 0 };
    const t = transportTotals([{ ...base, bytesReceived: 10, bytesSent: 20, recvBitrate: 1, sendBitrate: 2, iceState: 'completed', dtlsState: 'connected' }]);
    expect(t).toEqual({ bytesReceived: 10, bytesSent: 20, recvBitrate: 1, sendBitrate: 2, iceState: 'completed', dtlsState: 'connected' });
  });
});
