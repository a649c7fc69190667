import type { ConsumerClosedEvent, MediaRoom, ProducerInfo, RtpCapabilities } from '@videoloket/sfu';
import type { Logger } from 'pino';
import type { RtpRelay } from './RtpRelay';

/** The part of @videoloket/sfu's MediaRoom the bridge uses. */
export type BridgeRoom = Pick<
  MediaRoom,
  | 'callId'
  | 'closed'
  | 'createPlainTransport'
  | 'connectPlainTransport'
  | 'produce'
  | 'consume'
  | 'resumeConsumer'
  | 'closePeer'
  | 'listProducers'
  | 'getStats'
  | 'on'
  | 'off'
>;

/**
 * The phone's presence in the call's router: a send PlainTransport and an
 * audio producer (source 'microphone', Opus) for the phone's voice, and a
 * recv PlainTransport with one resumed consumer per other audio producer;
 * the relay mixes those for the phone (RoomMix). Its own producer is never
 * consumed, so the phone never hears itself.
 *
 * When the room's media worker dies, the room moves to a new router with no media
 * ('reset'): everything here is made again on the new router and the relay re-pointed,
 * so the phone stays on the line (its side of the relay never changes).
 */
export class RoomAudio {
  #producerId: string | undefined;
  readonly #consumers = new Map<string, { consumerId: string; peerId: string }>();
  #closed = false;
  /** Transports, producer and consumers are made and changed one step at a time, in order. */
  #work: Promise<void> = Promise.resolve();
  readonly #onConsumerClosed = (e: ConsumerClosedEvent) => {
    if (e.peerId !== this.peerId) return;
    this.#consumers.delete(e.producerId);
    this.#queue(() => this.#sync());
  };
  readonly #onNewProducer = (p: ProducerInfo) => {
    if (p.kind === 'audio' && p.peerId !== this.peerId) this.#queue(() => this.#sync());
  };
  readonly #onReset = () => this.#queue(() => this.#rebuild());

  constructor(
    readonly room: BridgeRoom,
    readonly peerId: string,
    private readonly relay: RtpRelay,
    private readonly log: Logger,
    /** After a worker loss, once the phone is in the new router again (new producer id). */
    private readonly onReattached: () => void = () => undefined,
  ) {}

  get producerId(): string | undefined {
    return this.#producerId;
  }

  /** Creates transports and the producer, consumes what is there, and keeps up with the room. */
  async attach(): Promise<void> {
    this.room.on('consumerclosed', this.#onConsumerClosed);
    this.room.on('newproducer', this.#onNewProducer);
    this.room.on('reset', this.#onReset);
    const built = this.#work.then(() => this.#build());
    this.#work = built.catch(() => undefined); // the caller gets this failure (and ends the leg)
    await built;
  }

  async #build(): Promise<void> {
    const send = await this.room.createPlainTransport(this.peerId, { direction: 'send', comedia: true, rtcpMux: true });
    this.relay.setRoomTarget({ address: send.ip, port: send.port });
    const producer = await this.room.produce(this.peerId, send.id, {
      kind: 'audio',
      source: 'microphone',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: this.relay.roomPayloadType, rtcpFeedback: [] }],
        encodings: [{ ssrc: this.relay.producerSsrc }],
      },
    });
    this.#producerId = producer.id;
    const recv = await this.room.createPlainTransport(this.peerId, { direction: 'recv', comedia: false, rtcpMux: true });
    const inner = this.relay.innerEndpoint;
    await this.room.connectPlainTransport(this.peerId, recv.id, { ip: inner.address, port: inner.port });
    await this.#sync();
  }

  /** The room is on a new router with nothing of ours: the same again there. */
  async #rebuild(): Promise<void> {
    if (this.#closed || this.room.closed) return;
    this.#consumers.clear();
    this.#producerId = undefined;
    await this.#build();
    // detach() may have run while we awaited the new router: leave nothing behind there.
    if (this.#closed) {
      if (!this.room.closed) this.room.closePeer(this.peerId);
      return;
    }
    this.log.info({ producerId: this.#producerId }, 'phone re-attached to the call after a media worker loss');
    this.onReattached();
  }

  /** Peers the phone hears (all other parties with audio). */
  get hearing(): string[] {
    return [...new Set([...this.#consumers.values()].map((c) => c.peerId))];
  }

  /** Removes the phone's transports, producer and consumers from the room. */
  detach(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.room.off('consumerclosed', this.#onConsumerClosed);
    this.room.off('newproducer', this.#onNewProducer);
    this.room.off('reset', this.#onReset);
    if (!this.room.closed) this.room.closePeer(this.peerId);
  }

  #queue(step: () => Promise<void>): void {
    // Serialised: two overlapping syncs would consume the same producer twice, and a sync
    // must not run on a router the rebuild has not finished yet.
    this.#work = this.#work.then(step).catch((error: unknown) => {
      if (!this.#closed && !this.room.closed) this.log.warn({ err: error }, 'phone audio update failed');
    });
  }

  async #sync(): Promise<void> {
    if (this.#closed || this.room.closed) return;
    const audio = this.room.listProducers().filter((p) => p.kind === 'audio' && p.peerId !== this.peerId);
    for (const p of audio) {
      if (this.#consumers.has(p.id)) continue;
      const c = await this.room.consume(this.peerId, p.id, CAPABILITIES);
      await this.room.resumeConsumer(this.peerId, c.id);
      this.#consumers.set(p.id, { consumerId: c.id, peerId: p.peerId });
      this.log.debug({ producerId: p.id, peerId: p.peerId }, 'phone now hears this producer');
    }
    for (const id of [...this.#consumers.keys()]) if (!audio.some((p) => p.id === id)) this.#consumers.delete(id);
  }
}

/** Opus only: the relay decodes every consumer for the mix, so their payload type does not matter. */
const CAPABILITIES: RtpCapabilities = {
  codecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 111, rtcpFeedback: [] }],
  headerExtensions: [],
};
