import type { ConsumerClosedEvent, MediaRoom, RtpCapabilities } from '@videoloket/sfu';
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

/** How often new audio producers are picked up (MediaRoom has no 'newproducer' event yet). */
const PRODUCER_POLL_MS = 1000;

/**
 * The phone's presence in the call's router: a send PlainTransport and an
 * audio producer (source 'microphone', Opus) for the phone's voice, and a
 * recv PlainTransport with one resumed consumer per other audio producer;
 * the relay mixes those for the phone (RoomMix). Its own producer is never
 * consumed, so the phone never hears itself.
 */
export class RoomAudio {
  #producerId: string | undefined;
  readonly #consumers = new Map<string, { consumerId: string; peerId: string }>();
  #poll: NodeJS.Timeout | undefined;
  #closed = false;
  #syncing: Promise<void> = Promise.resolve();
  readonly #onConsumerClosed = (e: ConsumerClosedEvent) => {
    if (e.peerId !== this.peerId) return;
    this.#consumers.delete(e.producerId);
    this.#queueSync();
  };

  constructor(
    readonly room: BridgeRoom,
    readonly peerId: string,
    private readonly relay: RtpRelay,
    private readonly log: Logger,
  ) {}

  get producerId(): string | undefined {
    return this.#producerId;
  }

  /** Creates transports and the producer, consumes what is there, and keeps up with the room. */
  async attach(): Promise<void> {
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
    this.room.on('consumerclosed', this.#onConsumerClosed);
    this.#poll = setInterval(() => this.#queueSync(), PRODUCER_POLL_MS);
    this.#queueSync();
    await this.#syncing;
  }

  /** Peers the phone hears (all other parties with audio). */
  get hearing(): string[] {
    return [...new Set([...this.#consumers.values()].map((c) => c.peerId))];
  }

  /** Removes the phone's transports, producer and consumers from the room. */
  detach(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#poll);
    this.room.off('consumerclosed', this.#onConsumerClosed);
    if (!this.room.closed) this.room.closePeer(this.peerId);
  }

  #queueSync(): void {
    // Serialised: two overlapping syncs would consume the same producer twice.
    this.#syncing = this.#syncing.then(() => this.#sync()).catch((error: unknown) => {
      if (!this.#closed && !this.room.closed) this.log.warn({ err: error }, 'phone audio sync failed');
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
