import type { MediaRegistry } from './MediaRegistry';
import type { MediaKind, ReceivedStreamInfo } from './types';

/**
 * What one peer receives, as the SFU sees it: per consumer the simulcast layer forwarded now
 * (mediasoup picks it from the receiver's bandwidth estimate, up to the preferred layers) and
 * the scores. Plain data from properties mediasoup keeps current; no worker round trip.
 */
export function receivedStreams(media: MediaRegistry, peerId: string): ReceivedStreamInfo[] {
  const out: ReceivedStreamInfo[] = [];
  for (const entry of media.consumers.values()) {
    if (entry.peerId !== peerId) continue;
    const { consumer } = entry;
    const producer = media.producers.get(consumer.producerId)?.producer;
    out.push({
      consumerId: consumer.id,
      producerId: consumer.producerId,
      producerPeerId: entry.producerPeerId,
      kind: consumer.kind as MediaKind,
      source: entry.source,
      ...(consumer.currentLayers ? { spatialLayer: consumer.currentLayers.spatialLayer } : {}),
      spatialLayers: Math.max(1, producer?.rtpParameters.encodings?.length ?? 1),
      score: consumer.score.score,
      producerScore: consumer.score.producerScore,
      paused: consumer.paused || consumer.producerPaused,
    });
  }
  return out;
}
