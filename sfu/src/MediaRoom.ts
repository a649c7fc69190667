import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { alternateCodecFor, pickConsumable } from './alternates';
import { mediaCodecs } from './codecs';
import { CannotConsumeError, LimitReachedError, MediaUnavailableError, NotFoundError, RoomClosedError } from './errors';
import { MediaRegistry, type ConsumerEntry, type ProducerEntry, type TransportEntry } from './MediaRegistry';
import type { MediaRoomApi } from './MediaRoomApi';
import type { MediaWorker } from './MediaWorker';
import type { ResolvedSfuOptions } from './SfuOptions';
import { collectRoomStats } from './roomStats';
import { receivedStreams } from './receivedStreams';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import type {
  ActiveSpeakerEvent,
  ConsumerClosedEvent,
  ConsumerParams,
  ConsumerPausedEvent,
  MediaKind,
  MediaSource,
  PlainTransportOptions,
  PlainTransportParams,
  PlainTransportRemote,
  ProduceOptions,
  ProducerInfo,
  ReceivedStreamInfo,
  RoomResetEvent,
  RoomStats,
  TransportClosedEvent,
  TransportDirection,
  WebRtcTransportParams,
} from './types';

export interface MediaRoomEvents extends Record<string, unknown[]> {
  /** The room closed (close() or no worker left). Emitted once. */
  close: [];
  /** The worker died; the room now lives on another worker with no media state. Renegotiate. */
  reset: [RoomResetEvent];
  /** A consumer went away without the consuming peer asking: tell that peer. */
  consumerclosed: [ConsumerClosedEvent];
  /** The producer behind a consumer was paused or resumed (mute, camera off). */
  consumerpaused: [ConsumerPausedEvent];
  /** A WebRTC transport failed (DTLS) and was closed, with everything on it. */
  transportclosed: [TransportClosedEvent];
  /** The dominant speaker changed. */
  activespeaker: [ActiveSpeakerEvent];
  /** A producer was added (produced or piped in): consumers that take everything (the phone bridge) pick it up. */
  newproducer: [ProducerInfo];
}

type State = 'open' | 'moving' | 'closed';


/**
 * All media of one call: a mediasoup router on one worker, and per peer its
 * transports, producers and consumers. Peers are plain ids chosen by
 * signalling; a peer exists once it has a transport. A peer with no
 * consumers receives nothing — that is how the waiting room stays dark:
 * signalling simply does not call consume() for a waiting peer.
 *
 * Every method that takes a peerId checks that the transport, producer or
 * consumer it names belongs to that peer (NotFoundError otherwise).
 */
export class MediaRoom extends TypedEmitter<MediaRoomEvents> implements MediaRoomApi {
  readonly callId: string;
  readonly #options: ResolvedSfuOptions;
  readonly #log: Logger;
  #state: State = 'open';
  #host: MediaWorker;
  #router: types.Router;
  #speaker: types.ActiveSpeakerObserver;
  #currentSpeaker: string | null = null;
  readonly #media = new MediaRegistry();
  /** `peer/direction` and `peer/source` slots taken by a create still waiting on the worker. */
  readonly #pending = new Set<string>();
  /** Bumped by closePeer: a transport still being created for an older epoch is dropped. */
  readonly #peerEpochs = new Map<string, number>();

  /** @internal Use Sfu.createRoom(). */
  static async create(callId: string, host: MediaWorker, options: ResolvedSfuOptions, logger: Logger): Promise<MediaRoom> {
    const { router, speaker } = await MediaRoom.#createRouter(callId, host, options);
    return new MediaRoom(callId, host, router, speaker, options, logger);
  }

  static async #createRouter(callId: string, host: MediaWorker, options: ResolvedSfuOptions) {
    const router = await host.createRouter(mediaCodecs, callId);
    try {
      const speaker = await router.createActiveSpeakerObserver({ interval: options.activeSpeakerInterval });
      return { router, speaker };
    } catch (error) {
      router.close();
      throw error;
    }
  }

  private constructor(
    callId: string,
    host: MediaWorker,
    router: types.Router,
    speaker: types.ActiveSpeakerObserver,
    options: ResolvedSfuOptions,
    logger: Logger,
  ) {
    super();
    this.callId = callId;
    this.#options = options;
    this.#log = logger.child({ component: 'media-room', callId });
    this.#host = host;
    this.#router = router;
    this.#speaker = speaker;
    host.attach(this);
    this.#wireRouter();
    this.#log.info({ workerIndex: host.index, routerId: router.id }, 'room created');
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** Index of the worker hosting this room (changes after a reset). */
  get workerIndex(): number {
    return this.#host.index;
  }

  get workerPid(): number {
    return this.#host.pid;
  }

  /** What clients load their mediasoup-client Device with. */
  get rtpCapabilities(): types.RtpCapabilities {
    this.#assertUsable();
    return this.#router.rtpCapabilities;
  }

  /** Producers + consumers + pipes: the room's share of its worker's load. */
  get streamCount(): number {
    return this.#media.streamCount;
  }

  /** Consumers alone: what a media node reports as its receivers' load. */
  get consumerCount(): number {
    return this.#media.consumers.size;
  }

  get peerIds(): string[] {
    return [...this.#media.peers];
  }

  /** @internal For Sfu.pipe and tests; not for signalling. */
  get router(): types.Router {
    this.#assertUsable();
    return this.#router;
  }

  // ---- transports -------------------------------------------------------

  /**
   * One WebRTC transport per peer and direction: a browser needs one to send and one to
   * receive, and recreates them only after a reset or a rejoin, which close the old ones
   * (closePeer, moveTo). A second one is refused, not swapped in, so nothing the peer
   * already sends or receives is closed behind signalling's back.
   */
  async createWebRtcTransport(peerId: string, direction: TransportDirection): Promise<WebRtcTransportParams> {
    this.#assertUsable();
    const existing = [...this.#media.transports.values()].some((t) => t.peerId === peerId && t.direction === direction && t.kind === 'webrtc');
    if (existing) throw new LimitReachedError(`a ${direction} transport already exists for this participant`);
    return this.#withSlot(`${peerId}/transport/${direction}`, `a ${direction} transport is already being created`, () =>
      this.#createWebRtcTransport(peerId, direction),
    );
  }

  async #createWebRtcTransport(peerId: string, direction: TransportDirection): Promise<WebRtcTransportParams> {
    const epoch = this.#peerEpochs.get(peerId) ?? 0;
    const transport = await this.#router.createWebRtcTransport({
      webRtcServer: this.#host.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: this.#options.initialAvailableOutgoingBitrate,
      appData: { peerId, direction },
    });
    if ((this.#peerEpochs.get(peerId) ?? 0) !== epoch) {
      // closePeer ran meanwhile (the participant rejoined on a new connection): this transport
      // belongs to the old connection and would otherwise block the new one's.
      transport.close();
      throw new NotFoundError('peer', peerId);
    }
    if (this.#options.maxIncomingBitrate > 0 && direction === 'send') {
      await transport.setMaxIncomingBitrate(this.#options.maxIncomingBitrate).catch((error: unknown) => {
        this.#log.warn({ err: error, transportId: transport.id }, 'setMaxIncomingBitrate failed');
      });
    }
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') {
        this.#log.info({ peerId, transportId: transport.id, dtlsState: state }, 'transport DTLS ended; closing it');
        transport.close();
        this.emit('transportclosed', 
          { peerId, transportId: transport.id, reason: state === 'failed' ? 'dtls-failed' : 'dtls-closed' },
        );
      }
    });
    this.#media.addTransport({ transport, peerId, direction, kind: 'webrtc' });
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
      ...(transport.sctpParameters ? { sctpParameters: transport.sctpParameters } : {}),
    };
  }

  async connectTransport(peerId: string, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const entry = this.#ownTransport(peerId, transportId);
    if (entry.kind !== 'webrtc') throw new NotFoundError('transport', transportId);
    await entry.transport.connect({ dtlsParameters });
  }

  /** New ICE credentials after the client's network changed. */
  async restartIce(peerId: string, transportId: string): Promise<types.IceParameters> {
    const entry = this.#ownTransport(peerId, transportId);
    if (entry.kind !== 'webrtc') throw new NotFoundError('transport', transportId);
    return (entry.transport as types.WebRtcTransport).restartIce();
  }

  /**
   * A plain RTP transport (no ICE/DTLS) for a SIP gateway or ffmpeg. 'send'
   * means the peer sends to us (we produce from it); with comedia the SFU
   * learns the peer's address from its first packet.
   */
  async createPlainTransport(peerId: string, options: PlainTransportOptions): Promise<PlainTransportParams> {
    this.#assertUsable();
    const transport = await this.#router.createPlainTransport({
      listenInfo: {
        protocol: 'udp',
        ip: this.#options.listenIp,
        announcedAddress: this.#options.announcedAddress,
      },
      rtcpMux: options.rtcpMux ?? true,
      comedia: options.comedia ?? options.direction === 'send',
      // mediasoup ≥ 3.32 probes bandwidth with padding-only RTP on every transport by default. A
      // plain RTP peer (the phone bridge) sends no transport-cc feedback, so probing measures
      // nothing and puts packets of an unknown SSRC on its socket, even before any consumer resumes.
      enableBwe: false,
      ...(options.srtp ? { enableSrtp: true, srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80' as const } : {}),
      appData: { peerId, direction: options.direction },
    });
    this.#media.addTransport({ transport, peerId, direction: options.direction, kind: 'plain' });
    return {
      id: transport.id,
      ip: transport.tuple.localAddress ?? transport.tuple.localIp,
      port: transport.tuple.localPort,
      ...(transport.rtcpTuple ? { rtcpPort: transport.rtcpTuple.localPort } : {}),
      ...(transport.srtpParameters ? { srtpParameters: transport.srtpParameters } : {}),
    };
  }

  /** Tells a plain transport where to send (unless comedia) and the remote SRTP key (if SRTP). */
  async connectPlainTransport(peerId: string, transportId: string, remote: PlainTransportRemote): Promise<void> {
    const entry = this.#ownTransport(peerId, transportId);
    if (entry.kind !== 'plain') throw new NotFoundError('transport', transportId);
    await (entry.transport as types.PlainTransport).connect(remote);
  }

  async closeTransport(peerId: string, transportId: string): Promise<void> {
    this.#ownTransport(peerId, transportId).transport.close();
  }

  // ---- producers --------------------------------------------------------

  /**
   * At most one producer per peer and source (microphone, camera, screen), plus at most one
   * alternate of a video producer: the same track in another codec (ProduceOptions.alternateOf).
   */
  async produce(peerId: string, transportId: string, options: ProduceOptions): Promise<ProducerInfo> {
    const entry = this.#ownTransport(peerId, transportId);
    if (entry.direction !== 'send') throw new NotFoundError('transport', transportId);
    const primary = options.alternateOf === undefined ? undefined : this.#checkAlternate(peerId, options.alternateOf, options);
    if (!primary && this.listProducers(peerId).some((p) => p.source === options.source && !p.alternateOf)) {
      throw new LimitReachedError(`this participant already sends a ${options.source} producer; close it first`);
    }
    const slot = primary ? `${peerId}/alternate/${primary.producer.id}` : `${peerId}/producer/${options.source}`;
    return this.#withSlot(slot, `a ${options.source} producer is already being created`, async () => {
      const producer = await entry.transport.produce({
        kind: options.kind,
        rtpParameters: options.rtpParameters,
        paused: options.paused ?? primary?.producer.paused ?? false,
        appData: { peerId, source: options.source },
      });
      if (primary) {
        if (primary.producer.closed) {
          producer.close();
          throw new NotFoundError('producer', primary.producer.id);
        }
        // An alternate lives no longer than the stream it re-encodes. After a microtask: when
        // their transport closes, it closes both, and the alternate must not ask the worker again.
        primary.producer.observer.once('close', () => queueMicrotask(() => producer.close()));
      }
      this.#addProducer({ producer, peerId, source: options.source, ...(primary ? { alternateOf: primary.producer.id } : {}) });
      return this.#media.producerInfo(producer.id);
    });
  }

  /** An alternate re-encodes one of the peer's own video producers of its source, once, in another codec. */
  #checkAlternate(peerId: string, alternateOf: string, options: ProduceOptions): ProducerEntry {
    const primary = this.#media.ownProducer(peerId, alternateOf);
    if (primary.alternateOf !== undefined) throw new LimitReachedError('an alternate encoding has no alternates of its own');
    if (primary.source !== options.source || options.kind !== 'video' || primary.producer.kind !== 'video') {
      throw new LimitReachedError(`an alternate must carry the same ${primary.source} video as its producer`);
    }
    if (this.#media.alternatesOf(alternateOf).length > 0) throw new LimitReachedError('this producer already has an alternate encoding');
    const codecOf = (p: types.RtpParameters) => p.codecs[0]?.mimeType.toLowerCase();
    if (codecOf(options.rtpParameters) === codecOf(primary.producer.rtpParameters)) {
      throw new LimitReachedError('an alternate encoding must use another codec than its producer');
    }
    return primary;
  }

  /** Pauses the producer and its alternate: camera off is off in every codec. */
  async pauseProducer(peerId: string, producerId: string): Promise<void> {
    await this.#ownProducer(peerId, producerId).producer.pause();
    await Promise.all(this.#media.alternatesOf(producerId).map((alternate) => alternate.producer.pause()));
  }

  async resumeProducer(peerId: string, producerId: string): Promise<void> {
    await this.#ownProducer(peerId, producerId).producer.resume();
    await Promise.all(this.#media.alternatesOf(producerId).map((alternate) => alternate.producer.resume()));
  }

  async closeProducer(peerId: string, producerId: string): Promise<void> {
    this.#ownProducer(peerId, producerId).producer.close();
  }

  /** Producers in the room, optionally only one peer's. */
  listProducers(peerId?: string): ProducerInfo[] {
    const out: ProducerInfo[] = [];
    for (const [id, entry] of this.#media.producers) {
      if (peerId === undefined || entry.peerId === peerId) out.push(this.#media.producerInfo(id));
    }
    return out;
  }

  // ---- consumers --------------------------------------------------------

  /**
   * Creates a paused consumer of `requestedId` on the consuming peer's newest
   * receive transport. The client creates its consumer, then calls
   * resumeConsumer(): starting paused avoids losing the first keyframe.
   * When the peer cannot decode that producer's codec, it gets the producer's
   * alternate (the same track in another codec) if one exists and fits.
   */
  async consume(consumerPeerId: string, requestedId: string, rtpCapabilities: types.RtpCapabilities): Promise<ConsumerParams> {
    this.#assertUsable();
    const requested = this.#media.producers.get(requestedId);
    if (!requested) throw new NotFoundError('producer', requestedId);
    if (requested.peerId === consumerPeerId) throw new CannotConsumeError(requestedId, 'a peer cannot consume its own producer');
    const candidates = [requestedId, ...this.#media.alternatesOf(requestedId).map((a) => a.producer.id)];
    const producerId = pickConsumable(candidates, (id) => this.#router.canConsume({ producerId: id, rtpCapabilities }));
    if (!producerId) throw new CannotConsumeError(requestedId, 'no common codec');
    const source = this.#media.producers.get(producerId)!;
    const recv = this.#media.newestTransport(consumerPeerId, 'recv');
    if (!recv) throw new NotFoundError('transport', `recv transport of peer ${consumerPeerId}`);
    const consumer = await recv.transport.consume({
      producerId,
      rtpCapabilities,
      paused: true,
      appData: { peerId: consumerPeerId },
    });
    const entry: ConsumerEntry = { consumer, peerId: consumerPeerId, producerPeerId: source.peerId, source: source.source };
    this.#addConsumer(entry);
    return {
      id: consumer.id,
      producerId,
      producerPeerId: source.peerId,
      kind: consumer.kind as MediaKind,
      source: source.source,
      rtpParameters: consumer.rtpParameters,
      type: consumer.type,
      producerPaused: consumer.producerPaused,
    };
  }

  /**
   * After consume() failed for want of a codec: who should encode `producerId` again, and in
   * which codec, for a peer with these capabilities. Undefined when no router codec would do.
   */
  alternateWanted(producerId: string, rtpCapabilities: types.RtpCapabilities): { peerId: string; mimeType: string } | undefined {
    this.#assertUsable();
    const requested = this.#media.producers.get(producerId);
    if (!requested || requested.producer.kind !== 'video' || requested.alternateOf !== undefined) return undefined;
    const sent = [requested, ...this.#media.alternatesOf(producerId)].flatMap((e) => e.producer.rtpParameters.codecs.map((c) => c.mimeType));
    const mimeType = alternateCodecFor(this.#router.rtpCapabilities.codecs ?? [], rtpCapabilities, sent);
    return mimeType ? { peerId: requested.peerId, mimeType } : undefined;
  }

  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    await this.#ownConsumer(peerId, consumerId).consumer.resume();
  }

  async pauseConsumer(peerId: string, consumerId: string): Promise<void> {
    await this.#ownConsumer(peerId, consumerId).consumer.pause();
  }

  /** For simulcast: cap what this peer receives (e.g. a small tile, a phone on 4G). */
  async setConsumerPreferredLayers(peerId: string, consumerId: string, layers: types.ConsumerLayers): Promise<void> {
    await this.#ownConsumer(peerId, consumerId).consumer.setPreferredLayers(layers);
  }

  async closeConsumer(peerId: string, consumerId: string): Promise<void> {
    this.#ownConsumer(peerId, consumerId).consumer.close();
  }

  // ---- peers ------------------------------------------------------------

  /**
   * Closes everything of one peer (left, removed, or reconnecting with new
   * transports). Others' consumers of its producers close and are reported
   * through 'consumerclosed'. Safe for unknown peers.
   */
  closePeer(peerId: string): void {
    this.#peerEpochs.set(peerId, (this.#peerEpochs.get(peerId) ?? 0) + 1);
    for (const entry of [...this.#media.transports.values()]) {
      if (entry.peerId === peerId) entry.transport.close();
    }
    // Piped-in producers belong to a peer but to no transport here.
    for (const entry of [...this.#media.producers.values()]) {
      if (entry.peerId === peerId) entry.producer.close();
    }
    if (this.#media.peers.delete(peerId)) this.#log.info({ peerId }, 'peer closed');
  }

  // ---- scale-out --------------------------------------------------------

  /**
   * Makes one of this room's producers available in another room (on another
   * worker) through a pipe transport pair. In the target room the piped
   * producer belongs to `targetPeerId` (default: the same peer id) and can be
   * consumed like any other. Pipes listen on 127.0.0.1: both workers are on
   * this machine. `srtp` encrypts the pipe (for pipes that leave the host).
   */
  async pipeProducerTo(
    producerId: string,
    target: MediaRoom,
    options: { targetPeerId?: string; srtp?: boolean } = {},
  ): Promise<{ pipeProducerId: string }> {
    this.#assertUsable();
    const source = this.#media.producers.get(producerId);
    if (!source) throw new NotFoundError('producer', producerId);
    const { pipeConsumer, pipeProducer } = await this.#router.pipeToRouter({
      producerId,
      router: target.router,
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      enableSrtp: options.srtp ?? false,
    });
    if (!pipeConsumer || !pipeProducer) throw new Error('pipeToRouter returned no producer/consumer pair');
    this.#media.addPipe({ pipeConsumer, targetCallId: target.callId });
    target.adoptPipedProducer(pipeProducer, options.targetPeerId ?? source.peerId, source.source);
    return { pipeProducerId: pipeProducer.id };
  }

  /** @internal Called by pipeProducerTo() of the source room. */
  adoptPipedProducer(producer: types.Producer, peerId: string, source: MediaSource): void {
    this.#assertUsable();
    this.#addProducer({ producer, peerId, source });
  }

  // ---- stats ------------------------------------------------------------

  /** The SFU's view of what one peer receives: layers and scores of its own consumers. */
  receivedStreams(peerId: string): ReceivedStreamInfo[] {
    this.#assertUsable();
    return receivedStreams(this.#media, peerId);
  }

  async getStats(): Promise<RoomStats> {
    this.#assertUsable();
    return collectRoomStats(this.callId, this.#host.pid, this.#media);
  }

  // ---- lifecycle --------------------------------------------------------

  /** Closes the router and with it every transport, producer and consumer. Safe to call twice. */
  close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#router.close();
    this.#host.detach(this);
    this.#media.clearMedia();
    this.#media.peers.clear();
    this.#log.info('room closed');
    this.emit('close');
  }

  /**
   * @internal Called by Sfu after this room's worker died: a new router on
   * `host`, no media state, peers kept. Emits 'reset'.
   */
  async moveTo(host: MediaWorker): Promise<void> {
    if (this.#state === 'closed') return;
    const { router, speaker } = await MediaRoom.#createRouter(this.callId, host, this.#options);
    if (this.closed) {
      // close() ran while we were creating the router.
      router.close();
      return;
    }
    this.#host.detach(this);
    this.#media.clearMedia();
    this.#host = host;
    this.#router = router;
    this.#speaker = speaker;
    this.#currentSpeaker = null;
    host.attach(this);
    this.#wireRouter();
    this.#state = 'open';
    this.#log.warn({ workerIndex: host.index, routerId: router.id }, 'room moved to a new worker; media must be renegotiated');
    this.emit('reset', 
      { callId: this.callId, reason: 'worker-died', rtpCapabilities: router.rtpCapabilities, peerIds: this.peerIds },
    );
  }

  // ---- internals --------------------------------------------------------

  #wireRouter(): void {
    const router = this.#router;
    router.on('workerclose', () => {
      if (router !== this.#router || this.#state === 'closed') return;
      // Everything on the router is gone; Sfu will moveTo() a new worker or close us.
      this.#state = 'moving';
      this.#media.clearMedia();
      this.#log.error('worker of this room closed; waiting for a new worker');
    });
    const speaker = this.#speaker;
    speaker.on('dominantspeaker', ({ producer }) => {
      const entry = this.#media.producers.get(producer.id);
      if (!entry || speaker !== this.#speaker) return;
      this.#currentSpeaker = producer.id;
      this.emit('activespeaker', { peerId: entry.peerId, producerId: producer.id });
    });
  }

  #addProducer(entry: ProducerEntry): void {
    const { producer } = entry;
    this.#media.addProducer(entry);
    if (producer.kind === 'audio') {
      this.#speaker.addProducer({ producerId: producer.id }).catch((error: unknown) => {
        this.#log.warn({ err: error, producerId: producer.id }, 'could not add producer to active speaker observer');
      });
    }
    producer.observer.once('close', () => {
      if (this.#currentSpeaker === producer.id && this.#state === 'open') {
        this.#currentSpeaker = null;
        this.emit('activespeaker', { peerId: null, producerId: null });
      }
    });
    this.emit('newproducer', this.#media.producerInfo(producer.id));
  }

  #addConsumer(entry: ConsumerEntry): void {
    const { consumer, peerId } = entry;
    const producerId = consumer.producerId;
    this.#media.addConsumer(entry);
    // Only the producer going away is news to the consuming peer: it closed
    // its own transports itself, and during a reset or close the whole room
    // is gone and 'reset'/'close' says so.
    consumer.on('producerclose', () => {
      if (this.#state === 'open') {
        this.emit('consumerclosed', { peerId, consumerId: consumer.id, producerId, reason: 'producer-closed' });
      }
    });
    consumer.on('producerpause', () =>
      this.emit('consumerpaused', { peerId, consumerId: consumer.id, producerId, paused: true }),
    );
    consumer.on('producerresume', () =>
      this.emit('consumerpaused', { peerId, consumerId: consumer.id, producerId, paused: false }),
    );
  }

  /** Runs `create` holding `slot`, so two concurrent requests cannot both pass a limit check. */
  async #withSlot<T>(slot: string, busy: string, create: () => Promise<T>): Promise<T> {
    if (this.#pending.has(slot)) throw new LimitReachedError(busy);
    this.#pending.add(slot);
    try {
      return await create();
    } finally {
      this.#pending.delete(slot);
    }
  }

  #assertUsable(): void {
    if (this.#state === 'closed') throw new RoomClosedError(this.callId);
    if (this.#state === 'moving') throw new MediaUnavailableError(this.callId);
  }

  #ownTransport(peerId: string, transportId: string): TransportEntry {
    this.#assertUsable();
    return this.#media.ownTransport(peerId, transportId);
  }

  #ownProducer(peerId: string, producerId: string): ProducerEntry {
    this.#assertUsable();
    return this.#media.ownProducer(peerId, producerId);
  }

  #ownConsumer(peerId: string, consumerId: string): ConsumerEntry {
    this.#assertUsable();
    return this.#media.ownConsumer(peerId, consumerId);
  }

  protected override listenerFailed(error: unknown, event: string): void {
    this.#log.error({ err: error, event }, 'room event listener threw');
  }
}
