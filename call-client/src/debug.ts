// Test and benchmark hooks, cheap enough to keep in production: a few first-occurrence
// timestamps and a stats reader on `window`. mediasoup-client keeps its RTCPeerConnections
// private, so tests read inbound/outbound RTP through the transports' getStats().

import type { ReceivedStream } from '@videoloket/contracts';
import type { MediaStats } from './stats';

export type MarkName =
  | 'joinClicked'
  | 'joined'
  | 'admitted'
  | 'mediaStart'
  // Where an admitted citizen's wait for the first picture goes (bench/join.ts breaks it down):
  | 'deviceLoaded'
  | 'transportsCreated'
  | 'videoConsumerCreated'
  | 'recvConnected'
  | 'videoConsumerResumed'
  | 'firstRemoteVideoFrame'
  | 'firstRemoteAudio'
  // TURN credentials renewed before they expired (e2e/strict-firewall).
  | 'iceServersRefreshed';

declare global {
  interface Window {
    __videoloketStats?: () => Promise<MediaStats>;
    /** The SFU's view of what this page receives (simulcast layers, scores): e2e/weak-link. */
    __videoloketReceivedStreams?: () => Promise<ReceivedStream[]>;
    __videoloketMarks?: Partial<Record<MarkName, number>>;
    /** What the network watch did, newest last (bench/network.ts reports it). */
    __videoloketRecoveries?: { what: string; at: number }[];
  }
}

function marks(): Partial<Record<MarkName, number>> {
  if (typeof window === 'undefined') return {};
  return (window.__videoloketMarks ??= {});
}

/** Records `performance.now()` for a mark the first time it happens (since the last reset). */
export function mark(name: MarkName): void {
  const m = marks();
  if (m[name] === undefined) m[name] = performance.now();
}

/** Forgets marks so the next media start measures afresh (used on every media start). */
export function resetMarks(...names: MarkName[]): void {
  const m = marks();
  for (const n of names) delete m[n];
}

export function exposeStats(reader: () => Promise<MediaStats>): void {
  if (typeof window !== 'undefined') window.__videoloketStats = reader;
}

export function exposeReceivedStreams(reader: () => Promise<ReceivedStream[]>): void {
  if (typeof window !== 'undefined') window.__videoloketReceivedStreams = reader;
}

/** Notes a network recovery (network-watch.ts): the last 50, with `performance.now()`. */
export function noteRecovery(what: string): void {
  if (typeof window === 'undefined') return;
  const list = (window.__videoloketRecoveries ??= []);
  list.push({ what, at: performance.now() });
  if (list.length > 50) list.shift();
}
