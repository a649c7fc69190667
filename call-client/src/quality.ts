import type { ConnectionQuality } from '@videoloket/contracts';

// Connection quality (issue 16 "weak links", issue 12 item 8): good / weak / very weak from a
// browser's own getStats — packet loss both ways, round-trip time and the bandwidth the
// browser's congestion control lets it send at. Pure functions; QualityMonitor samples them.

/** Cumulative counters of one moment, read from the send and receive transports' stats. */
export interface QualityCounters {
  /** RTP packets we sent, and how many of them the SFU reported lost (RTCP receiver reports). */
  sentPackets: number;
  sentLost: number;
  /** Video packets we sent (is the camera actually going out?). */
  sentVideoPackets: number;
  /** RTP packets we received, and how many never arrived. */
  receivedPackets: number;
  receivedLost: number;
  /** Worst round trip of the selected candidate pairs, ms. */
  rttMs?: number;
  /** What congestion control lets the send transport send, kbit/s (Chromium's availableOutgoingBitrate). */
  availableOutgoingKbps?: number;
}

/** What happened between two counters: the numbers the classification looks at. */
export interface QualitySample {
  /** Lost share of the packets, the worse of the two directions (undefined: too few packets to say). */
  lossFraction?: number;
  rttMs?: number;
  /** Only while the camera sends: without video the estimate says nothing about the link. */
  availableOutgoingKbps?: number;
}

/** Below this many packets in a window a loss share is noise. */
const MIN_PACKETS = 30;

/**
 * The limits, chosen around the smallest camera layer (150 kbit/s, call-client CAMERA_ENCODINGS)
 * plus Opus (~40 kbit/s): below ~200 kbit/s only the smallest layer fits ("weak"), below ~100
 * not even that ("very weak"). Opus with FEC hides a few % of loss; beyond ~15 % speech breaks up.
 */
export const QUALITY_LIMITS = {
  weak: { lossFraction: 0.03, rttMs: 500, availableOutgoingKbps: 250 },
  veryWeak: { lossFraction: 0.15, rttMs: 1500, availableOutgoingKbps: 100 },
} as const;

interface StatLike {
  type: string;
  kind?: string;
  packetsSent?: number;
  packetsLost?: number;
  packetsReceived?: number;
  selectedCandidatePairId?: string;
  currentRoundTripTime?: number;
  availableOutgoingBitrate?: number;
  mid?: string;
}

/** Something with RTCStatsReport's forEach and get (a Map works in tests). */
export interface StatsReportLike {
  forEach(callback: (stat: StatLike) => void): void;
  get(id: string): unknown;
}

function selectedPair(report: StatsReportLike): StatLike | undefined {
  let pairId: string | undefined;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
  });
  return pairId ? (report.get(pairId) as StatLike | undefined) : undefined;
}

/** Sums the counters of the send and the receive transport's reports. */
export function qualityCounters(send: StatsReportLike | undefined, recv: StatsReportLike | undefined): QualityCounters {
  const c: QualityCounters = { sentPackets: 0, sentLost: 0, sentVideoPackets: 0, receivedPackets: 0, receivedLost: 0 };
  for (const report of [send, recv]) {
    if (!report) continue;
    report.forEach((s) => {
      if (s.type === 'outbound-rtp') {
        c.sentPackets += s.packetsSent ?? 0;
        if (s.kind === 'video') c.sentVideoPackets += s.packetsSent ?? 0;
      } else if (s.type === 'remote-inbound-rtp') {
        c.sentLost += Math.max(0, s.packetsLost ?? 0);
      } else if (s.type === 'inbound-rtp' && s.mid !== 'probator') {
        // (mediasoup's bandwidth probes arrive as padding on a 'probator' stream: not media)
        c.receivedPackets += s.packetsReceived ?? 0;
        c.receivedLost += Math.max(0, s.packetsLost ?? 0);
      }
    });
    const rtt = selectedPair(report)?.currentRoundTripTime;
    if (rtt !== undefined) c.rttMs = Math.max(c.rttMs ?? 0, rtt * 1000);
  }
  const available = send && selectedPair(send)?.availableOutgoingBitrate;
  if (available !== undefined) c.availableOutgoingKbps = available / 1000;
  return c;
}

function lossShare(lost: number, total: number): number | undefined {
  return total >= MIN_PACKETS ? Math.min(1, Math.max(0, lost / total)) : undefined;
}

/** The window between two readings (counters only grow; a reset transport starts a new window). */
export function sampleBetween(before: QualityCounters, after: QualityCounters): QualitySample {
  const sent = after.sentPackets - before.sentPackets;
  const received = after.receivedPackets - before.receivedPackets;
  const receivedLost = after.receivedLost - before.receivedLost;
  const shares = [
    lossShare(after.sentLost - before.sentLost, sent),
    lossShare(receivedLost, received + receivedLost),
  ].filter((x): x is number => x !== undefined);
  const videoGoesOut = after.sentVideoPackets - before.sentVideoPackets >= MIN_PACKETS;
  return {
    ...(shares.length ? { lossFraction: Math.max(...shares) } : {}),
    ...(after.rttMs !== undefined ? { rttMs: after.rttMs } : {}),
    ...(videoGoesOut && after.availableOutgoingKbps !== undefined ? { availableOutgoingKbps: after.availableOutgoingKbps } : {}),
  };
}

function beyond(sample: QualitySample, limits: (typeof QUALITY_LIMITS)['weak' | 'veryWeak']): boolean {
  return (
    (sample.lossFraction ?? 0) >= limits.lossFraction ||
    (sample.rttMs ?? 0) >= limits.rttMs ||
    (sample.availableOutgoingKbps ?? Infinity) < limits.availableOutgoingKbps
  );
}

/** One window's verdict. */
export function classifyQuality(sample: QualitySample): ConnectionQuality {
  if (beyond(sample, QUALITY_LIMITS.veryWeak)) return 'very-weak';
  if (beyond(sample, QUALITY_LIMITS.weak)) return 'weak';
  return 'good';
}

const RANK: Record<ConnectionQuality, number> = { good: 0, weak: 1, 'very-weak': 2 };

/**
 * Steadies the verdicts so the indicator does not flicker: it goes down after two windows in a
 * row at least that bad (one burst of loss is not a weak line), and up only after three windows
 * in a row at least that good (bandwidth must have come back, not blinked).
 */
export class QualityTrend {
  private shown: ConnectionQuality = 'good';
  private recent: ConnectionQuality[] = [];

  static readonly DOWN_AFTER = 2;
  static readonly UP_AFTER = 3;

  get current(): ConnectionQuality {
    return this.shown;
  }

  push(verdict: ConnectionQuality): ConnectionQuality {
    this.recent = [...this.recent, verdict].slice(-QualityTrend.UP_AFTER);
    const down = this.recent.slice(-QualityTrend.DOWN_AFTER);
    if (down.length === QualityTrend.DOWN_AFTER && down.every((v) => RANK[v] > RANK[this.shown])) {
      // As bad as the better of the two: two windows of "weak, very weak" show weak.
      this.shown = down.reduce((a, b) => (RANK[a] <= RANK[b] ? a : b));
    } else if (this.recent.length === QualityTrend.UP_AFTER && this.recent.every((v) => RANK[v] < RANK[this.shown])) {
      this.shown = this.recent.reduce((a, b) => (RANK[a] >= RANK[b] ? a : b));
    }
    return this.shown;
  }
}
