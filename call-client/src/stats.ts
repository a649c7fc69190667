// Sums of the RTP statistics tests and the benchmark need, from mediasoup-client transports.

export interface MediaStats {
  inboundVideoFramesDecoded: number;
  inboundVideoPackets: number;
  inboundAudioPackets: number;
  outboundVideoPackets: number;
  outboundAudioPackets: number;
  consumers: number;
  producers: number;
}

export const EMPTY_STATS: MediaStats = {
  inboundVideoFramesDecoded: 0,
  inboundVideoPackets: 0,
  inboundAudioPackets: 0,
  outboundVideoPackets: 0,
  outboundAudioPackets: 0,
  consumers: 0,
  producers: 0,
};

interface RtpStat {
  type: string;
  kind?: string;
  framesDecoded?: number;
  packetsReceived?: number;
  packetsSent?: number;
}

export function addReport(into: MediaStats, report: RTCStatsReport | undefined): MediaStats {
  if (!report) return into;
  report.forEach((s: RtpStat) => {
    if (s.type === 'inbound-rtp') {
      if (s.kind === 'video') {
        into.inboundVideoFramesDecoded += s.framesDecoded ?? 0;
        into.inboundVideoPackets += s.packetsReceived ?? 0;
      } else if (s.kind === 'audio') {
        into.inboundAudioPackets += s.packetsReceived ?? 0;
      }
    } else if (s.type === 'outbound-rtp') {
      if (s.kind === 'video') into.outboundVideoPackets += s.packetsSent ?? 0;
      else if (s.kind === 'audio') into.outboundAudioPackets += s.packetsSent ?? 0;
    }
  });
  return into;
}
