import { z } from 'zod';
import { Id } from '../roles';
import { push, request } from './define';
import { DtlsParameters, MediaSource, RtpCapabilities, RtpParameters, type ConsumerOptions, type IceConfig, type TransportOptions } from './mediasoup-params';

// Media negotiation with the SFU. Only admitted participants may use these.

export const TransportDirection = z.enum(['send', 'recv']);

/**
 * How well one browser's media gets through, as that browser measures it (loss, round trip,
 * the bandwidth it may send at: call-client/src/quality.ts). Shown on both sides (issue 16, 12).
 */
export const ConnectionQuality = z.enum(['good', 'weak', 'very-weak']);
export type ConnectionQuality = z.infer<typeof ConnectionQuality>;

/** The SFU's view of one stream the caller receives (its own consumers only). */
export interface ReceivedStream {
  consumerId: string;
  producerId: string;
  /** Whose stream it is. */
  participantId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  /** The simulcast layer the SFU forwards now (0 = smallest); absent when it forwards none or the stream has no layers. */
  spatialLayer?: number;
  /** Layers the sender offers (1 without simulcast). */
  spatialLayers: number;
  /** mediasoup's 0–10 score of the stream towards the caller and of the sender's stream into the SFU. */
  score: number;
  producerScore: number;
  /** The caller paused it (audio only) or the sender did (mute, camera off). */
  paused: boolean;
}

export const mediaRequests = {
  'media:createTransport': request<TransportOptions>()(z.strictObject({ direction: TransportDirection })),
  'media:connectTransport': request<{ connected: true }>()(z.strictObject({ transportId: Id, dtlsParameters: DtlsParameters })),
  'media:restartIce': request<{ iceParameters: unknown }>()(z.strictObject({ transportId: Id })),
  /** Fresh TURN credentials for the caller's own seat, before the ones it has expire (no seat can be named). */
  'media:iceConfig': request<IceConfig>()(z.strictObject({})),
  'media:produce': request<{ producerId: string }>()(
    z.strictObject({
      transportId: Id,
      kind: z.enum(['audio', 'video']),
      rtpParameters: RtpParameters,
      source: MediaSource,
      /** Answers media:encodingWanted: this producer carries the same track as that one of the caller's, in another codec. */
      alternateOf: Id.optional(),
    }),
  ),
  'media:closeProducer': request<{ closed: true }>()(z.strictObject({ producerId: Id })),
  /** Mute / camera off (paused) and back (resumed): the SFU stops forwarding at once. */
  'media:setProducerPaused': request<{ paused: boolean }>()(z.strictObject({ producerId: Id, paused: z.boolean() })),
  'media:consume': request<ConsumerOptions>()(z.strictObject({ producerId: Id, rtpCapabilities: RtpCapabilities })),
  'media:resumeConsumer': request<{ resumed: true }>()(z.strictObject({ consumerId: Id })),
  /** Audio only (issue 16): the SFU stops (or starts again) forwarding one of the caller's own consumers. */
  'media:setConsumerPaused': request<{ paused: boolean }>()(z.strictObject({ consumerId: Id, paused: z.boolean() })),
  /** The caller's browser says how its connection does; the others see it in call:state (sent on change only). */
  'media:reportQuality': request<{ quality: ConnectionQuality }>()(z.strictObject({ quality: ConnectionQuality })),
  /** The SFU's view of what the caller receives: layers and scores of its own consumers (no one else's can be named). */
  'media:receivedStreams': request<{ streams: ReceivedStream[] }>()(z.strictObject({})),
};

export const mediaPushes = {
  /** The producer behind a consumer went away (producer closed, participant left or was removed). */
  'media:consumerClosed': push<{ consumerId: string; producerId: string }>(),
  /** The media worker behind this call was replaced: recreate transports and producers. */
  'media:restart': push<{ routerRtpCapabilities: unknown }>(),
  /**
   * Someone in the call cannot decode this producer of yours (an H264-only browser, a VP8
   * camera): produce the same track again with this codec and `alternateOf: producerId`.
   */
  'media:encodingWanted': push<{ producerId: string; mimeType: string }>(),
  /** Who is speaking now (for the visual speaking indicator). */
  'media:activeSpeaker': push<{ participantId: string | null }>(),
};
