import type { ActiveSpeakerEvent, ConsumerClosedEvent, MediaRoom, RtpCapabilities } from '@videoloket/sfu';
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
  | 'pauseConsumer'
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
 * audio producer (source 'microphone') for the phone's voice, a recv
 * PlainTransport with one consumer per other audio producer, of which one —
 * the active speaker — is resumed at a time (mediasoup forwards, it does not
 * mix; see docs/sip-bridge.md "What the phone hears").
 *
 * Opus only: the router's codecs are Opus 48k/2, and the phone leg
 * negotiates Opus (G.711 needs a transcoder, not built yet).
 */
export class RoomAudio {
  #producerId: string | undefined;
  readonly #consumers = new Map<string, { consumerId: string; peerId: string }>();
  #selected: string | undefined;
  #preferred: string | undefined;
  #poll: NodeJS.Timeout | undefined;
  #closed = false;
  #syncing: Promise<void> = Promise.resolve();
  readonly #onSpeaker = (e: ActiveSpeakerEvent) => {
    if (e.producerId && e.peerId !== this.peerId) {
      this.#preferred = e.producerId;
      this.#queueSync();
    }
  };
  readonly #onConsumerClosed = (e: ConsumerClosedEvent) => {
    if (e.peerId !== this.peerId) return;
    this.#consumers.delete(e.producerId);
    if (this.#selected === e.producerId) this.#selected = undefined;
    this.#queueSync();
  };

  constructor(
    readonly room: BridgeRoom,
    readonly peerId: string,
    private readonly relay: RtpRelay,
    private readonly payloadType: number,
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
        codecs: [{ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: this.payloadType, rtcpFeedback: [] }],
        encodings: [{ ssrc: this.relay.producerSsrc }],
      },
    });
    this.#producerId = producer.id;
    const recv = await this.room.createPlainTransport(this.peerId, { direction: 'recv', comedia: false, rtcpMux: true });
    const inner = this.relay.innerEndpoint;
    await this.room.connectPlainTransport(this.peerId, recv.id, { ip: inner.address, port: inner.port });
    this.room.on('activespeaker', this.#onSpeaker);
    this.room.on('consumerclosed', this.#onConsumerClosed);
    this.#poll = setInterval(() => this.#queueSync(), PRODUCER_POLL_MS);
    this.#queueSync();
    await this.#syncing;
  }

  /** The producer whose audio the phone currently hears. */
  get hearing(): { producerId: string; peerId: string } | undefined {
    const c = this.#selected ? this.#consumers.get(this.#selected) : undefined;
    return c && this.#selected ? { producerId: this.#selected, peerId: c.peerId } : undefined;
  }

  /** Removes the phone's transports, producer and consumers from the room. */
  detach(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#poll);
    this.room.off('activespeaker', this.#onSpeaker);
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
      const c = await this.room.consume(this.peerId, p.id, this.#capabilities());
      this.#consumers.set(p.id, { consumerId: c.id, peerId: p.peerId });
    }
    for (const id of [...this.#consumers.keys()]) if (!audio.some((p) => p.id === id)) this.#consumers.delete(id);
    // The active speaker if known; else keep what we have; else the first producer (a 1:1 call has one).
    const want =
      (this.#preferred && this.#consumers.has(this.#preferred) ? this.#preferred : undefined) ??
      (this.#selected && this.#consumers.has(this.#selected) ? this.#selected : undefined) ??
      audio.find((p) => !p.paused && this.#consumers.has(p.id))?.id ??
      [...this.#consumers.keys()][0];
    if (want === this.#selected && want !== undefined) return;
    for (const [producerId, c] of this.#consumers) {
      if (producerId !== want) await this.room.pauseConsumer(this.peerId, c.consumerId).catch(() => undefined);
    }
    if (want) {
      await this.room.resumeConsumer(this.peerId, this.#consumers.get(want)!.consumerId);
      this.log.debug({ producerId: want }, 'phone now hears this producer');
    }
    this.#selected = want;
  }

  #capabilities(): RtpCapabilities {
    // The consumer's payload type is taken from preferredPayloadType: send the phone what it negotiated.
    return {
      codecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: this.payloadType, rtcpFeedback: [] }],
      headerExtensions: [],
    };
  }
}
