import type { types } from 'mediasoup';

// Pure reductions of mediasoup's per-stream stats to the few numbers
// signalling, metrics and tests care about.

export interface StreamTotals {
  packetCount: number;
  byteCount: number;
  bitrate: number;
  packetsLost: number;
  /** Lowest score over streams; undefined when there is no stream yet. */
  score?: number;
}

type StreamStat = {
  type: string;
  packetCount: number;
  byteCount: number;
  bitrate: number;
  packetsLost: number;
  score: number;
};

/**
 * Sums the streams of one direction. A simulcast producer has one
 * 'inbound-rtp' stat per layer; a consumer's getStats() returns its own
 * 'outbound-rtp' stat followed by its producer's 'inbound-rtp' stats, so the
 * type filter matters.
 */
export function sumStreams(stats: readonly StreamStat[], type: 'inbound-rtp' | 'outbound-rtp'): StreamTotals {
  const totals: StreamTotals = { packetCount: 0, byteCount: 0, bitrate: 0, packetsLost: 0 };
  for (const s of stats) {
    if (s.type !== type) continue;
    totals.packetCount += s.packetCount;
    totals.byteCount += s.byteCount;
    totals.bitrate += s.bitrate;
    totals.packetsLost += s.packetsLost;
    totals.score = totals.score === undefined ? s.score : Math.min(totals.score, s.score);
  }
  return totals;
}

export interface TransportTotals {
  bytesReceived: number;
  bytesSent: number;
  recvBitrate: number;
  sendBitrate: number;
  iceState?: string;
  dtlsState?: string;
}

export function transportTotals(
  stats: readonly (types.BaseTransportStats & { iceState?: string; dtlsState?: string })[],
): TransportTotals {
  const totals: TransportTotals = { bytesReceived: 0, bytesSent: 0, recvBitrate: 0, sendBitrate: 0 };
  for (const s of stats) {
    totals.bytesReceived += s.bytesReceived;
    totals.bytesSent += s.bytesSent;
    totals.recvBitrate += s.recvBitrate;
    totals.sendBitrate += s.sendBitrate;
    if (s.iceState !== undefined) totals.iceState = s.iceState;
    if (s.dtlsState !== undefined) totals.dtlsState = s.dtlsState;
  }
  return totals;
}
