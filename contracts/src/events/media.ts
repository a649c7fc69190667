import { z } from 'zod';
import { Id } from '../roles';
import { push, request } from './define';
import { DtlsParameters, MediaSource, RtpCapabilities, RtpParameters, type ConsumerOptions, type IceConfig, type TransportOptions } from './mediasoup-params';

// Media negotiation with the SFU. Only admitted participants may use these.

export const TransportDirection = z.enum(['send', 'recv']);

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
