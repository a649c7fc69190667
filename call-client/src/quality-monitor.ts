import type { ConnectionQuality } from '@videoloket/contracts';
import { classifyQuality, QualityTrend, sampleBetween, type QualityCounters } from './quality';

/** One window of getStats: long enough for a loss share, short enough to warn within seconds. */
export const QUALITY_WINDOW_MS = 2000;

/**
 * Reads the media session's counters every window and tells `onQuality` the steadied verdict
 * (QualityTrend) after every window. Stops by itself when `read` gives nothing (media closed).
 */
export class QualityMonitor {
  private timer?: ReturnType<typeof setInterval>;
  private last?: QualityCounters;
  private readonly trend = new QualityTrend();

  constructor(
    private readonly read: () => Promise<QualityCounters | undefined>,
    private readonly onQuality: (quality: ConnectionQuality) => void,
    private readonly windowMs = QUALITY_WINDOW_MS,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.windowMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    let now: QualityCounters | undefined;
    try {
      now = await this.read();
    } catch {
      return; // a transport closing under us: the next window reads the new one
    }
    if (!now || !this.timer) return;
    const before = this.last;
    this.last = now;
    // Counters that went back: new transports (ICE restart keeps them; a media restart does not).
    if (!before || now.sentPackets < before.sentPackets || now.receivedPackets < before.receivedPackets) return;
    this.onQuality(this.trend.push(classifyQuality(sampleBetween(before, now))));
  }
}
