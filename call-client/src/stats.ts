// Sums of the RTP statistics tests and the benchmark need, from mediasoup-client transports.

export interface MediaStats {
  inboundVideoFramesDecoded: number;
  inboundVideoPackets: number;
  inboundAudioPackets: number;
  /** Audio samples played out, and how many of them were made up to hide lost packets (not silence: DTX). */
  inboundAudioSamples: number;
  inboundAudioConcealedSamples: number;
  outboundVideoPackets: number;
  outboundAudioPackets: number;
  consumers: number;
  producers: number;
  /** The ICE candidate pair each connected transport uses (issue 16: is the call relayed, over what). */
  selectedPaths: SelectedPath[];
}

export interface SelectedPath {
  /** The browser's side: 'host', 'srflx', 'prflx' or 'relay' (through TURN). */
  localCandidateType: string;
  /** 'udp' or 'tcp' between the browser's candidate and the SFU's. */
  protocol: string;
  /** For a relay: how the browser reaches the TURN server, 'udp', 'tcp' or 'tls'. */
  relayProtocol?: string;
}

export const EMPTY_STATS: MediaStats = {
  inboundVideoFramesDecoded: 0,
  inboundVideoPackets: 0,
  inboundAudioPackets: 0,
  inboundAudioSamples: 0,
  inboundAudioConcealedSamples: 0,
  outboundVideoPackets: 0,
  outboundAudioPackets: 0,
  consumers: 0,
  producers: 0,
  selectedPaths: [],
};

interface RtpStat {
  type: string;
  kind?: string;
  framesDecoded?: number;
  packetsReceived?: number;
  packetsSent?: number;
  totalSamplesReceived?: number;
  concealedSamples?: number;
  mid?: string;
  silentConcealedSamples?: number;
}

interface IceStat {
  type: string;
  selectedCandidatePairId?: string;
  localCandidateId?: string;
  candidateType?: string;
  protocol?: string;
  relayProtocol?: string;
}

/** The pair the transport's RTCIceTransport selected (RTCTransportStats.selectedCandidatePairId). */
export function selectedPath(report: RTCStatsReport): SelectedPath | undefined {
  let pairId: string | undefined;
  report.forEach((s: IceStat) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
  });
  const pair = pairId ? (report.get(pairId) as IceStat | undefined) : undefined;
  const local = pair?.localCandidateId ? (report.get(pair.localCandidateId) as IceStat | undefined) : undefined;
  if (!local?.candidateType) return undefined;
  return {
    localCandidateType: local.candidateType,
    protocol: local.protocol ?? '',
    ...(local.relayProtocol ? { relayProtocol: local.relayProtocol } : {}),
  };
}

export function addReport(into: MediaStats, report: RTCStatsReport | undefined): MediaStats {
  if (!report) return into;
  const path = selectedPath(report);
  if (path) into.selectedPaths.push(path);
  report.forEach((s: RtpStat) => {
    // mediasoup probes the bandwidth with padding on its own 'probator' stream: not media.
    if (s.type === 'inbound-rtp' && s.mid !== 'probator') {
      if (s.kind === 'video') {
        into.inboundVideoFramesDecoded += s.framesDecoded ?? 0;
        into.inboundVideoPackets += s.packetsReceived ?? 0;
      } else if (s.kind === 'audio') {
        into.inboundAudioPackets += s.packetsReceived ?? 0;
        into.inboundAudioSamples += s.totalSamplesReceived ?? 0;
        into.inboundAudioConcealedSamples += (s.concealedSamples ?? 0) - (s.silentConcealedSamples ?? 0);
      }
    } else if (s.type === 'outbound-rtp') {
      if (s.kind === 'video') into.outboundVideoPackets += s.packetsSent ?? 0;
      else if (s.kind === 'audio') into.outboundAudioPackets += s.packetsSent ?? 0;
    }
  });
  return into;
}
