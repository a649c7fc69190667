import {
  AppError,
  ConflictError,
  GoneError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  type ConsumerOptions,
  type TransportOptions,
} from '@videoloket/contracts';
import { SfuError, type DtlsParameters, type MediaRoom, type RtpCapabilities, type RtpParameters, type Sfu } from '@videoloket/sfu';
import type { Logger } from 'pino';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import type { CallMedia, CallMediaEvents } from './CallMedia';

type HubEvents = { [K in keyof CallMediaEvents]: [callId: string, ...CallMediaEvents[K]] };

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

class RoomMedia implements CallMedia {
  constructor(
    private readonly room: MediaRoom,
    private readonly logger: Logger,
  ) {}

  routerRtpCapabilities(): unknown {
    return this.room.rtpCapabilities;
  }

  createTransport(participantId: string, direction: 'send' | 'recv'): Promise<TransportOptions> {
    return this.guarded(() => this.room.createWebRtcTransport(participantId, direction));
  }

  connectTransport(participantId: string, transportId: string, dtlsParameters: unknown): Promise<void> {
    return this.guarded(() => this.room.connectTransport(participantId, transportId, dtlsParameters as DtlsParameters));
  }

  restartIce(participantId: string, transportId: string): Promise<unknown> {
    return this.guarded(() => this.room.restartIce(participantId, transportId));
  }

  async produce(
    participantId: string,
    input: { transportId: string; kind: 'audio' | 'video'; rtpParameters: unknown; source: 'microphone' | 'camera' | 'screen' },
  ): Promise<{ producerId: string; paused: boolean }> {
    const info = await this.guarded(() =>
      this.room.produce(participantId, input.transportId, {
        kind: input.kind,
        rtpParameters: input.rtpParameters as RtpParameters,
        source: input.source,
      }),
    );
    return { producerId: info.id, paused: info.paused };
  }

  closeProducer(participantId: string, producerId: string): Promise<void> {
    return this.guarded(() => this.room.closeProducer(participantId, producerId));
  }

  setProducerPaused(participantId: string, producerId: string, paused: boolean): Promise<void> {
    return this.guarded(() =>
      paused ? this.room.pauseProducer(participantId, producerId) : this.room.resumeProducer(participantId, producerId),
    );
  }

  async consume(participantId: string, producerId: string, rtpCapabilities: unknown): Promise<ConsumerOptions> {
    const params = await this.guarded(() => this.room.consume(participantId, producerId, rtpCapabilities as RtpCapabilities));
    return {
      id: params.id,
      producerId: params.producerId,
      kind: params.kind,
      rtpParameters: params.rtpParameters,
      participantId: params.producerPeerId,
      source: params.source,
    };
  }

  resumeConsumer(participantId: string, consumerId: string): Promise<void> {
    return this.guarded(() => this.room.resumeConsumer(participantId, consumerId));
  }

  closePeer(participantId: string): void {
    this.room.closePeer(participantId);
  }

  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      return translate(err, this.logger);
    }
  }

  close(): void {
    this.room.close();
  }
}

/** One CallMedia per open call, over the SFU; forwards room events tagged with the call id. */
export class CallMediaHub extends TypedEmitter<HubEvents> {
  private readonly rooms = new Map<string, RoomMedia>();

  constructor(
    private readonly sfu: Sfu,
    private readonly logger: Logger,
  ) {
    super();
  }

  async open(callId: string): Promise<CallMedia> {
    const existing = this.rooms.get(callId);
    if (existing) return existing;
    const room = await this.sfu.createRoom(callId);
    const media = new RoomMedia(room, this.logger.child({ callId }));
    this.rooms.set(callId, media);
    room.on('consumerclosed', (e) => this.emit('consumerClosed', callId, { participantId: e.peerId, consumerId: e.consumerId, producerId: e.producerId }));
    room.on('activespeaker', (e) => this.emit('activeSpeaker', callId, { participantId: e.peerId }));
    room.on('reset', (e) => {
      this.logger.warn({ callId, peers: e.peerIds.length }, 'media worker replaced; clients renegotiate');
      this.emit('restarted', callId, { routerRtpCapabilities: e.rtpCapabilities });
    });
    room.on('close', () => this.rooms.delete(callId));
    return media;
  }

  get(callId: string): CallMedia {
    const media = this.rooms.get(callId);
    if (!media) throw new GoneError('The call has no media (ended)');
    return media;
  }

  find(callId: string): CallMedia | undefined {
    return this.rooms.get(callId);
  }

  close(callId: string): void {
    this.rooms.get(callId)?.close();
    this.rooms.delete(callId);
  }
}
