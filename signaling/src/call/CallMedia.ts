import {
  AppError,
  ConflictError,
  GoneError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  type ConsumerOptions,
  type MediaSource,
  type ProducerInfo,
  type ReceivedStream,
  type TransportOptions,
} from '@videoloket/contracts';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import { SfuError, type DtlsParameters, type MediaRoom, type RtpCapabilities, type RtpParameters, type Sfu } from '@videoloket/sfu';
import type { Logger } from 'pino';

export type CallMediaEvents = {
  consumerClosed: [event: { participantId: string; consumerId: string; producerId: string }];
  activeSpeaker: [event: { participantId: string | null }];
  /** The worker behind the call died and was replaced: every peer must renegotiate. */
  restarted: [event: { routerRtpCapabilities: unknown }];
  /**
   * Someone's producers changed (added, closed, paused, or dropped with their peer). An added
   * one is reported by the room itself, so a phone leg's producer (the bridge produces in the
   * room directly, also again after a worker loss) is news to the browsers too.
   */
  producersChanged: [];
  /** The room closed without close() (no live worker left): the call cannot go on. */
  lost: [];
  /** A participant cannot decode this producer: its owner should send it again in `mimeType`. */
  encodingWanted: [event: { participantId: string; producerId: string; mimeType: string }];
};

/**
 * The SFU's errors in the product's error vocabulary (codes → acks and HTTP statuses).
 * Texts from mediasoup or the worker are logged here and never sent on: a client gets a
 * code and a message written for it (issue 9: internal error texts reached clients).
 */
function translate(err: unknown, logger: Logger): never {
  if (err instanceof AppError) throw err;
  if (err instanceof SfuError) {
    switch (err.code) {
      case 'NOT_FOUND':
        throw new NotFoundError('No such transport, producer or consumer of yours in this call');
      case 'CANNOT_CONSUME':
        throw new ConflictError('This stream cannot be received with your browser’s codecs');
      case 'LIMIT_REACHED':
        // Our own text (sfu/src/MediaRoom.ts), written for the client.
        throw new ConflictError(`Not allowed: ${err.message}`);
      case 'ROOM_CLOSED':
        throw new GoneError('The call has ended');
      default:
        logger.warn({ err }, 'media request failed');
        throw new UnavailableError('Media is temporarily unavailable; please retry');
    }
  }
  // mediasoup rejects semantically wrong parameters (unknown codec, bad fingerprint…) with TypeError.
  if (err instanceof TypeError) {
    logger.info({ err }, 'media parameters rejected by mediasoup');
    throw new ValidationError('The media parameters were not accepted by the media server');
  }
  throw err;
}

/**
 * The media side of one call, as signalling needs it: keyed by participant id, plain data
 * in and out, over one SFU room (sfu/ knows nothing of Socket.IO or seats). The room is the
 * one record of who produces what: seats read their producers from here.
 */
export class CallMedia extends TypedEmitter<CallMediaEvents> {
  #closing = false;
  /** `producerId/mimeType` already asked for: one request per stream and codec, however often consumers retry. */
  readonly #encodingsAsked = new Set<string>();

  static async open(sfu: Sfu, callId: string, logger: Logger): Promise<CallMedia> {
    return new CallMedia(await sfu.createRoom(callId), logger);
  }

  constructor(
    /** The SFU room; the phone bridge plugs into it directly. */
    readonly room: MediaRoom,
    private readonly logger: Logger,
  ) {
    super();
    room.on('consumerclosed', (e) => this.emit('consumerClosed', { participantId: e.peerId, consumerId: e.consumerId, producerId: e.producerId }));
    room.on('activespeaker', (e) => this.emit('activeSpeaker', { participantId: e.peerId }));
    room.on('newproducer', () => this.emit('producersChanged'));
    room.on('reset', (e) => {
      this.logger.warn({ peers: e.peerIds.length }, 'media worker replaced; clients renegotiate');
      this.emit('restarted', { routerRtpCapabilities: e.rtpCapabilities });
      this.emit('producersChanged');
    });
    room.on('close', () => {
      if (!this.#closing) this.emit('lost');
    });
  }

  routerRtpCapabilities(): unknown {
    return this.room.rtpCapabilities;
  }

  /**
   * What one participant sends now; phone legs included (they produce into the same room).
   * Alternates are left out: a consumer asks for the producer and the room picks the
   * encoding it can decode.
   */
  producers(participantId: string): ProducerInfo[] {
    if (this.room.closed) return [];
    return this.room
      .listProducers(participantId)
      .filter((p) => p.alternateOf === undefined)
      .map(({ id, kind, source, paused }) => ({ id, kind, source, paused }));
  }

  createTransport(participantId: string, direction: 'send' | 'recv'): Promise<Omit<TransportOptions, 'ice'>> {
    return this.#guarded(() => this.room.createWebRtcTransport(participantId, direction));
  }

  connectTransport(participantId: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    return this.#guarded(() => this.room.connectTransport(participantId, transportId, dtlsParameters as DtlsParameters));
  }

  restartIce(participantId: string, transportId: string): Promise<unknown> {
    return this.#guarded(() => this.room.restartIce(participantId, transportId));
  }

  async produce(
    participantId: string,
    input: { transportId: string; kind: 'audio' | 'video'; rtpParameters: unknown; source: MediaSource; alternateOf?: string | undefined },
  ): Promise<{ producerId: string; paused: boolean }> {
    const info = await this.#guarded(() =>
      this.room.produce(participantId, input.transportId, {
        kind: input.kind,
        rtpParameters: input.rtpParameters as RtpParameters,
        source: input.source,
        ...(input.alternateOf ? { alternateOf: input.alternateOf } : {}),
      }),
    );
    return { producerId: info.id, paused: info.paused };
  }

  async closeProducer(participantId: string, producerId: string): Promise<void> {
    await this.#guarded(() => this.room.closeProducer(participantId, producerId));
    this.emit('producersChanged');
  }

  /** The clerk withdrew screen sharing: whatever screen this participant shares stops. */
  async closeScreenShares(participantId: string): Promise<void> {
    for (const producer of this.producers(participantId).filter((p) => p.source === 'screen')) {
      await this.closeProducer(participantId, producer.id);
    }
  }

  async setProducerPaused(participantId: string, producerId: string, paused: boolean): Promise<void> {
    await this.#guarded(() =>
      paused ? this.room.pauseProducer(participantId, producerId) : this.room.resumeProducer(participantId, producerId),
    );
    this.emit('producersChanged');
  }

  /**
   * A consumer of the producer, or of its alternate when the participant cannot decode the
   * producer's codec. Neither fits: the owner is asked once for an alternate the participant
   * can decode, and the participant gets CONFLICT; the alternate shows up as a call:state
   * change, on which the participant's browser asks again.
   */
  async consume(participantId: string, producerId: string, rtpCapabilities: unknown): Promise<ConsumerOptions> {
    const params = await this.#guarded(async () => {
      try {
        return await this.room.consume(participantId, producerId, rtpCapabilities as RtpCapabilities);
      } catch (err) {
        if (err instanceof SfuError && err.code === 'CANNOT_CONSUME') this.#askForEncoding(producerId, rtpCapabilities as RtpCapabilities);
        throw err;
      }
    });
    return {
      id: params.id,
      producerId: params.producerId,
      kind: params.kind,
      rtpParameters: params.rtpParameters,
      participantId: params.producerPeerId,
      source: params.source,
    };
  }

  #askForEncoding(producerId: string, rtpCapabilities: RtpCapabilities): void {
    const wanted = this.room.alternateWanted(producerId, rtpCapabilities);
    if (!wanted || this.#encodingsAsked.has(`${producerId}/${wanted.mimeType}`)) return;
    this.#encodingsAsked.add(`${producerId}/${wanted.mimeType}`);
    this.logger.info({ producerId, mimeType: wanted.mimeType }, 'a participant cannot decode a producer: asking its owner for another encoding');
    this.emit('encodingWanted', { participantId: wanted.peerId, producerId, mimeType: wanted.mimeType });
  }

  resumeConsumer(participantId: string, consumerId: string): Promise<void> {
    return this.#guarded(() => this.room.resumeConsumer(participantId, consumerId));
  }

  /** Audio only: the participant stops (or resumes) receiving one of its own consumers. */
  setConsumerPaused(participantId: string, consumerId: string, paused: boolean): Promise<void> {
    return this.#guarded(() => (paused ? this.room.pauseConsumer(participantId, consumerId) : this.room.resumeConsumer(participantId, consumerId)));
  }

  /** The SFU's view of what this participant receives (its own consumers only). */
  async receivedStreams(participantId: string): Promise<ReceivedStream[]> {
    const streams = await this.#guarded(async () => this.room.receivedStreams(participantId));
    return streams.map(({ producerPeerId, ...rest }) => ({ ...rest, participantId: producerPeerId }));
  }

  /** Drops everything of one participant (left, disconnected, removed, rejoined). Safe to repeat. */
  closePeer(participantId: string): void {
    if (this.room.closed) return;
    const had = this.room.listProducers(participantId).length > 0;
    this.room.closePeer(participantId);
    if (had) this.emit('producersChanged');
  }

  /** Closes the room (the call ended). Safe to call twice. */
  close(): void {
    this.#closing = true;
    this.room.close();
  }

  protected override listenerFailed(error: unknown, event: string): void {
    this.logger.error({ err: error, event }, 'media event listener threw');
  }

  async #guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      return translate(err, this.logger);
    }
  }
}
