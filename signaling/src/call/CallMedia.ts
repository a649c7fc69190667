import type { ConsumerOptions, MediaSource, TransportOptions } from '@videoloket/contracts';

/**
 * The media side of one call, as signalling needs it: keyed by participant id, plain data
 * in and out. Implemented over the SFU's MediaRoom (sfu/), which knows nothing of
 * Socket.IO or seats.
 */
export interface CallMedia {
  routerRtpCapabilities(): unknown;
  createTransport(participantId: string, direction: 'send' | 'recv'): Promise<TransportOptions>;
  connectTransport(participantId: string, transportId: string, dtlsParameters: unknown): Promise<void>;
  restartIce(participantId: string, transportId: string): Promise<unknown>;
  produce(
    participantId: string,
    input: { transportId: string; kind: 'audio' | 'video'; rtpParameters: unknown; source: MediaSource },
  ): Promise<{ producerId: string; paused: boolean }>;
  closeProducer(participantId: string, producerId: string): Promise<void>;
  setProducerPaused(participantId: string, producerId: string, paused: boolean): Promise<void>;
  consume(participantId: string, producerId: string, rtpCapabilities: unknown): Promise<ConsumerOptions>;
  resumeConsumer(participantId: string, consumerId: string): Promise<void>;
  /** Drops everything of one participant (left, disconnected, removed). Safe to repeat. */
  closePeer(participantId: string): void;
  close(): void;
}

export type CallMediaEvents = {
  consumerClosed: [event: { participantId: string; consumerId: string; producerId: string }];
  activeSpeaker: [event: { participantId: string | null }];
  /** The worker behind the call died and was replaced: every peer must renegotiate. */
  restarted: [event: { routerRtpCapabilities: unknown }];
};
