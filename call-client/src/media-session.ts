import { Device, detectDevice, types as ms } from 'mediasoup-client';
import { Chrome111 } from 'mediasoup-client/handlers/Chrome111';
import { Chrome74 } from 'mediasoup-client/handlers/Chrome74';
import { Firefox120 } from 'mediasoup-client/handlers/Firefox120';
import { Safari12 } from 'mediasoup-client/handlers/Safari12';
import type { CallView, ConsumerOptions, MediaSource, TransportOptions } from '@videoloket/contracts';
import type { CallSocket } from './socket';
import { addReport, EMPTY_STATS, selectedPath, type MediaStats } from './stats';
import { qualityCounters, type QualityCounters } from './quality';
import { mark } from './debug';
import { RequestTimeoutError } from './errors';

// One media session = one mediasoup-client Device with a send and a receive transport,
// following docs/call-protocol.md "Media". It is built afresh after every (re)join and on
// `media:restart`; a closed session ignores late answers instead of touching new state.

export interface RemoteTrack {
  consumerId: string;
  producerId: string;
  participantId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  track: MediaStreamTrack;
}

export interface LocalTracks {
  audio?: MediaStreamTrack;
  video?: MediaStreamTrack;
}

export interface MediaSessionHooks {
  onRemoteTracksChanged(tracks: RemoteTrack[]): void;
  onError(err: unknown): void;
  /** 'blocked': no media path came up (a network that blocks UDP and our ports, no TURN that helps); 'open': it did. */
  onMediaPath?(state: 'open' | 'blocked'): void;
  /**
   * A transport's ICE went `disconnected` or `failed` (the network changed or died): the
   * session's NetworkWatch decides what to do (network-watch.ts). Without this hook the
   * transport restarts ICE by itself while the socket is up.
   */
  onIceTrouble?(state: 'disconnected' | 'failed'): void;
}

/**
 * How long a transport may try before the citizen is told their network blocks the call.
 * ICE over TURN/TLS takes a few round trips; Chromium itself gives up only after ~30 s.
 */
export const MEDIA_PATH_DEADLINE_MS = 15_000;

export type LocalSource = 'microphone' | 'camera';

/**
 * Camera simulcast: three layers so the SFU can send a small one to a bad phone connection.
 * Chrome drops layers the capture resolution cannot carry (a 640×480 camera keeps two).
 */
export const CAMERA_ENCODINGS: ms.RtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

const HANDLERS = { Chrome111, Chrome74, Firefox120, Safari12 } as const;

let nativeCapabilities: ms.HandlerFactory | undefined;

/**
 * Starts reading this browser's codecs (two throw-away peer connections, hundreds of ms on a
 * busy phone) once per page, as early as the page likes (the citizen page does on opening),
 * and shares the answer with every Device: loading one then only matches it with the router's.
 * A browser mediasoup-client does not know gets the Device's own detection (and its error).
 */
export function warmMediaCapabilities(): ms.HandlerFactory | undefined {
  if (nativeCapabilities) return nativeCapabilities;
  const name = typeof navigator === 'undefined' ? undefined : detectDevice();
  const base = name && name in HANDLERS ? HANDLERS[name as keyof typeof HANDLERS].createFactory() : undefined;
  if (!base) return undefined;
  const recv = base.getNativeRtpCapabilities({ direction: 'recvonly' });
  const send = base.getNativeRtpCapabilities({ direction: 'sendonly' });
  const sctp = base.getNativeSctpCapabilities();
  for (const read of [recv, send, sctp]) read.catch(() => undefined); // the Device that loads reports it
  nativeCapabilities = {
    ...base,
    getNativeRtpCapabilities: ({ direction }) => (direction === 'recvonly' ? recv : send),
    getNativeSctpCapabilities: () => sctp,
  };
  return nativeCapabilities;
}

/**
 * A mediasoup-client Device loaded with a router's capabilities. Loading needs the browser's
 * codecs (warmMediaCapabilities), so a waiting citizen loads it before admission and the
 * media session takes it over.
 */
export class PreparedDevice {
  private constructor(
    readonly capabilitiesKey: string,
    readonly loaded: Promise<Device>,
  ) {}

  static prepare(routerRtpCapabilities: unknown): PreparedDevice {
    const handlerFactory = warmMediaCapabilities();
    const device = new Device(handlerFactory ? { handlerFactory } : undefined);
    const loaded = device.load({ routerRtpCapabilities: routerRtpCapabilities as ms.RtpCapabilities }).then(() => device);
    loaded.catch(() => undefined); // the media session that takes it over reports the failure
    return new PreparedDevice(JSON.stringify(routerRtpCapabilities), loaded);
  }

  /** This device if it was loaded with these capabilities, else a fresh one. */
  static reuse(prepared: PreparedDevice | undefined, routerRtpCapabilities: unknown): PreparedDevice {
    return prepared?.capabilitiesKey === JSON.stringify(routerRtpCapabilities) ? prepared : PreparedDevice.prepare(routerRtpCapabilities);
  }
}

/** The server's side of a seat's send and receive transport. */
export type TransportPair = [send: TransportOptions, recv: TransportOptions];

/**
 * Asks the server for both transports. A waiting seat may do so too (one pair per seat, no TURN
 * credentials, nothing sent or received on it before admission): admission then skips the
 * worker's transport creation (bench:join).
 */
export function requestTransportPair(socket: CallSocket): Promise<TransportPair> {
  return Promise.all([socket.request('media:createTransport', { direction: 'send' }), socket.request('media:createTransport', { direction: 'recv' })]);
}

export class MediaSession {
  private device!: Device;
  private sendTransport?: ms.Transport;
  private recvTransport?: ms.Transport;
  private readonly producers = new Map<LocalSource, ms.Producer>();
  /** Second encodings of our producers in another codec, by the producer they re-encode (media:encodingWanted). */
  private readonly alternates = new Map<string, ms.Producer>();
  private readonly paused: Record<LocalSource, boolean> = { microphone: false, camera: false };
  private readonly consumers = new Map<string, { consumer: ms.Consumer; remote: RemoteTrack }>();
  private readonly consuming = new Set<string>();
  /** ICE restarts in flight per transport id: whether the server answered. */
  private readonly restartingIce = new Map<string, Promise<boolean>>();
  private ready = false;
  private lastView?: { view: CallView; selfId: string };
  private closed = false;
  private iceRefreshTimer?: ReturnType<typeof setTimeout>;
  private mediaPathTimer?: ReturnType<typeof setTimeout>;
  private mediaPath: 'trying' | 'open' | 'blocked' = 'trying';

  constructor(
    private readonly socket: CallSocket,
    private readonly hooks: MediaSessionHooks,
  ) {}

  /**
   * Takes the loaded device and both transports (made while waiting when `early` has them,
   * else asked for now), then produces and consumes in parallel.
   */
  async start(device: PreparedDevice, local: LocalTracks, paused: Partial<Record<LocalSource, boolean>> = {}, early?: Promise<TransportPair>): Promise<void> {
    mark('mediaStart');
    Object.assign(this.paused, paused);
    const loaded = device.loaded.then((d) => {
      mark('deviceLoaded');
      return d;
    });
    const [loadedDevice, [sendOpts, recvOpts]] = await Promise.all([loaded, this.transportPair(early)]);
    this.device = loadedDevice;
    mark('transportsCreated');
    if (this.closed) return;
    this.sendTransport = this.device.createSendTransport(asTransportOptions(sendOpts));
    this.recvTransport = this.device.createRecvTransport(asTransportOptions(recvOpts));
    this.wireTransport(this.sendTransport);
    this.wireTransport(this.recvTransport);
    this.scheduleIceRefresh(sendOpts.ice.expiresInSeconds);
    this.sendTransport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      this.socket
        .request('media:produce', {
          transportId: this.sendTransport!.id,
          kind,
          rtpParameters: rtpParameters as never,
          source: appData.source as MediaSource,
          ...(typeof appData.alternateOf === 'string' ? { alternateOf: appData.alternateOf } : {}),
        })
        .then(({ producerId }) => callback({ id: producerId }), errback);
    });
    this.ready = true;
    const work: Promise<unknown>[] = [];
    if (local.audio) work.push(this.produce('microphone', local.audio));
    if (local.video) work.push(this.produce('camera', local.video));
    if (this.lastView) work.push(this.syncConsumers(this.lastView.view, this.lastView.selfId));
    await Promise.all(work);
  }

  /**
   * The pair made in the waiting room came without TURN credentials: the admitted seat's are
   * asked for now, before either transport starts ICE. Without one (it failed, or none was
   * made) both are asked for here.
   */
  private async transportPair(early: Promise<TransportPair> | undefined): Promise<TransportPair> {
    if (!early) return requestTransportPair(this.socket);
    // Asked before the first await: the request leaves with the call to start().
    const ice = this.socket.request('media:iceConfig', {});
    ice.catch(() => undefined); // awaited below, unless the pair failed
    const made = await early.catch(() => undefined);
    if (!made) return requestTransportPair(this.socket);
    return [{ ...made[0], ice: await ice }, { ...made[1], ice: await ice }];
  }

  private wireTransport(transport: ms.Transport): void {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.socket
        .request('media:connectTransport', { transportId: transport.id, dtlsParameters: dtlsParameters as never })
        .then(() => callback(), errback);
    });
    transport.on('connectionstatechange', (state) => {
      if (state === 'connected' && transport.direction === 'recv') mark('recvConnected');
      this.watchMediaPath(state);
      // docs/call-protocol.md step 8: "disconnected/failed while the socket is up → media:restartIce".
      if (state !== 'disconnected' && state !== 'failed') return;
      if (this.hooks.onIceTrouble) this.hooks.onIceTrouble(state);
      else if (this.socket.connected) void this.restartIce(transport);
    });
  }

  /** Tells the page once whether media got through: a strict network must give a message, not a spinner. */
  private watchMediaPath(state: string): void {
    if (this.closed) return;
    if (state === 'connected') {
      clearTimeout(this.mediaPathTimer);
      if (this.mediaPath !== 'open') this.hooks.onMediaPath?.('open');
      this.mediaPath = 'open';
    } else if (state === 'connecting' && this.mediaPath === 'trying' && !this.mediaPathTimer) {
      this.mediaPathTimer = setTimeout(() => this.mediaPathBlocked(), MEDIA_PATH_DEADLINE_MS);
    } else if (state === 'failed' && this.mediaPath === 'trying') {
      this.mediaPathBlocked();
    }
  }

  private mediaPathBlocked(): void {
    if (this.closed || this.mediaPath !== 'trying') return;
    clearTimeout(this.mediaPathTimer);
    this.mediaPath = 'blocked';
    this.hooks.onMediaPath?.('blocked');
  }

  /** New TURN credentials before the old ones expire (coturn refuses an expired username). */
  private scheduleIceRefresh(expiresInSeconds: number | undefined): void {
    if (expiresInSeconds === undefined || this.closed) return;
    // At four fifths of the lifetime: a slow answer still lands before the expiry.
    this.iceRefreshTimer = setTimeout(() => void this.refreshIceServers(expiresInSeconds), expiresInSeconds * 800);
  }

  private async refreshIceServers(previousTtlSeconds: number): Promise<void> {
    try {
      const ice = await this.socket.request('media:iceConfig', {});
      for (const transport of [this.sendTransport, this.recvTransport]) {
        if (this.closed || !transport || transport.closed) continue;
        await transport.updateIceServers({ iceServers: ice.iceServers });
        // A relay allocated with the old credentials dies at its next refresh: gather anew with the new ones.
        const path = selectedPath(await transport.getStats());
        if (path?.localCandidateType === 'relay') void this.restartIce(transport);
      }
      mark('iceServersRefreshed');
      this.scheduleIceRefresh(ice.expiresInSeconds);
    } catch (err) {
      if (this.closed) return;
      this.hooks.onError(err);
      // Try again soon: the credentials still work for a fifth of their lifetime.
      this.iceRefreshTimer = setTimeout(() => void this.refreshIceServers(previousTtlSeconds), Math.min(30_000, previousTtlSeconds * 50));
    }
  }

  /**
   * A new network: restarts ICE on both transports (docs/call-protocol.md, "Network changes").
   * True when the server answered every request within `timeoutMs` (the socket lives), false when one went unanswered.
   */
  async restartIceOnBoth(timeoutMs: number): Promise<boolean> {
    const transports = [this.sendTransport, this.recvTransport].filter((t): t is ms.Transport => !!t && !t.closed);
    return (await Promise.all(transports.map((t) => this.restartIce(t, timeoutMs)))).every(Boolean);
  }

  /** One restart per transport at a time; false when the server did not answer in time. */
  private restartIce(transport: ms.Transport, timeoutMs?: number): Promise<boolean> {
    const running = this.restartingIce.get(transport.id);
    if (running) return running;
    const restart = (async () => {
      try {
        const { iceParameters } = await this.socket.request('media:restartIce', { transportId: transport.id }, { timeoutMs });
        if (!this.closed && !transport.closed) await transport.restartIce({ iceParameters: iceParameters as ms.IceParameters });
        return true;
      } catch (err) {
        if (err instanceof RequestTimeoutError) return false;
        if (!this.closed) this.hooks.onError(err);
        return true;
      } finally {
        this.restartingIce.delete(transport.id);
      }
    })();
    this.restartingIce.set(transport.id, restart);
    return restart;
  }

  private async produce(source: LocalSource, track: MediaStreamTrack): Promise<void> {
    const transport = this.sendTransport;
    if (!transport || this.closed) return;
    const kind = source === 'microphone' ? 'audio' : 'video';
    if (!this.device.canProduce(kind)) return;
    try {
      const producer = await transport.produce({
        track,
        appData: { source },
        stopTracks: false, // the page owns the tracks (self view, device check)
        ...(source === 'camera' ? { encodings: CAMERA_ENCODINGS, codecOptions: { videoGoogleStartBitrate: 1000 } } : {}),
        ...(source === 'microphone' ? { codecOptions: { opusDtx: true, opusFec: true } } : {}),
      });
      if (this.closed) {
        producer.close();
        return;
      }
      this.producers.set(source, producer);
      if (this.paused[source]) await this.setPaused(source, true);
    } catch (err) {
      if (!this.closed) this.hooks.onError(err);
    }
  }

  /** Mute / camera off: pause locally and ask the SFU to stop forwarding (protocol step 7). */
  async setPaused(source: LocalSource, paused: boolean): Promise<void> {
    this.paused[source] = paused;
    const producer = this.producers.get(source);
    if (!producer || producer.closed) return;
    // The server pauses the alternate with its producer; here the encoder stops too.
    for (const local of [producer, this.alternates.get(producer.id)]) {
      if (paused) local?.pause();
      else local?.resume();
    }
    await this.socket.request('media:setProducerPaused', { producerId: producer.id, paused });
  }

  /** A device switch mid-call keeps the producer and swaps its track. */
  async replaceTrack(source: LocalSource, track: MediaStreamTrack): Promise<void> {
    const producer = this.producers.get(source);
    if (producer && !producer.closed) {
      await producer.replaceTrack({ track });
      await this.alternates.get(producer.id)?.replaceTrack({ track });
    } else if (this.ready) await this.produce(source, track);
  }

  /**
   * `media:encodingWanted`: someone cannot decode one of our video producers (an H264-only
   * browser and our VP8 camera), so the same track goes out a second time in `mimeType`,
   * camera with the same simulcast layers. Ignored when this browser cannot encode that codec
   * or the producer is gone (the server asks once; the other side then gets no video of it).
   */
  async produceAlternate(producerId: string, mimeType: string): Promise<void> {
    const transport = this.sendTransport;
    if (!transport || this.closed || this.alternates.has(producerId)) return;
    const producer = [...this.producers.values(), this.screenProducer].find((p) => p?.id === producerId && !p.closed);
    const codec = this.device.rtpCapabilities.codecs?.find((c) => c.kind === 'video' && c.mimeType.toLowerCase() === mimeType.toLowerCase());
    if (!producer?.track || producer.kind !== 'video' || !codec) return;
    const source = producer.appData.source as MediaSource;
    try {
      const alternate = await transport.produce({
        track: producer.track,
        codec,
        appData: { source, alternateOf: producerId },
        stopTracks: false,
        // A camera's layers start switched off and go on once the server has the producer:
        // mediasoup up to 3.19.11 bound packets of an unknown SSRC by their RID alone, so the
        // first packets of a second simulcast stream (the same r0…r2 as the original's) were
        // taken for the original's, for good, and the alternate got nothing (fixed upstream in
        // versatica/mediasoup#1666; e2e/h264-citizen failed on it about one run in three).
        ...(source === 'camera' ? { encodings: CAMERA_ENCODINGS.map((e) => ({ ...e, active: false })) } : {}),
      });
      if (this.closed || producer.closed) {
        alternate.close();
        return;
      }
      this.alternates.set(producerId, alternate);
      if (source === 'camera') await alternate.setRtpEncodingParameters({ active: true });
      if (producer.paused) alternate.pause();
    } catch (err) {
      if (!this.closed) this.hooks.onError(err);
    }
  }

  // ---- screen share (issue 5) ---------------------------------------------------------
  private screenProducer?: ms.Producer;
  /** Stops listening for the shared track's end (this session closed or the share stopped). */
  private forgetScreenTrack?: () => void;

  /**
   * Sends a screen (getDisplayMedia) track as a second video producer with source 'screen'.
   * The server refuses it (FORBIDDEN) for a citizen the clerk has not allowed. When the
   * browser's own "stop sharing" bar ends the track, the producer is closed on the server.
   */
  async shareScreen(track: MediaStreamTrack, onStopped?: () => void): Promise<void> {
    const transport = this.sendTransport;
    if (!transport || this.closed) throw new Error('Media is not ready');
    await this.stopScreenShare();
    const producer = await transport.produce({ track, appData: { source: 'screen' }, stopTracks: false });
    if (this.closed) return producer.close();
    this.screenProducer = producer;
    const ended = () => void this.stopScreenShare().finally(() => onStopped?.());
    track.addEventListener('ended', ended, { once: true });
    this.forgetScreenTrack = () => track.removeEventListener('ended', ended);
  }

  async stopScreenShare(): Promise<void> {
    const producer = this.screenProducer;
    this.screenProducer = undefined;
    this.forgetScreenTrack?.();
    if (!producer || producer.closed) return;
    producer.close();
    // The server closes the alternate with its producer; the encoder stops here.
    this.alternates.get(producer.id)?.close();
    this.alternates.delete(producer.id);
    if (!this.closed) await this.socket.request('media:closeProducer', { producerId: producer.id }).catch(() => undefined);
  }

  get sharingScreen(): boolean {
    return this.screenProducer !== undefined && !this.screenProducer.closed;
  }

  /** Consumes every producer of other admitted participants not consumed yet (protocol step 5). */
  async syncConsumers(view: CallView, selfId: string): Promise<void> {
    this.lastView = { view, selfId };
    if (!this.ready || this.closed) return;
    const live = new Set<string>();
    const work: Promise<void>[] = [];
    for (const p of view.participants) {
      if (p.id === selfId || p.status !== 'admitted') continue;
      for (const producer of p.producers) {
        live.add(producer.id);
        if (!this.consumers.has(producer.id) && !this.consuming.has(producer.id)) work.push(this.consume(producer.id));
      }
    }
    // A producer that vanished from the state without a consumerClosed (missed while reconnecting).
    for (const [producerId, { consumer }] of this.consumers) {
      if (!live.has(producerId)) this.dropConsumer(consumer.id);
    }
    await Promise.all(work);
  }

  private async consume(producerId: string): Promise<void> {
    this.consuming.add(producerId);
    try {
      const opts: ConsumerOptions = await this.socket.request('media:consume', {
        producerId,
        rtpCapabilities: this.device.rtpCapabilities as never,
      });
      if (this.closed || !this.recvTransport) return;
      const consumer = await this.recvTransport.consume({
        id: opts.id,
        producerId: opts.producerId,
        kind: opts.kind,
        rtpParameters: opts.rtpParameters as ms.RtpParameters,
      });
      if (this.closed) {
        consumer.close();
        return;
      }
      const remote: RemoteTrack = {
        consumerId: consumer.id,
        producerId,
        participantId: opts.participantId,
        kind: opts.kind,
        source: opts.source,
        track: consumer.track,
      };
      this.consumers.set(producerId, { consumer, remote });
      if (opts.kind === 'video') mark('videoConsumerCreated');
      this.emitTracks();
      // Audio only: a video consumer stays as created, paused on the SFU.
      if (opts.kind === 'video' && this.audioOnly) return consumer.pause();
      await this.socket.request('media:resumeConsumer', { consumerId: consumer.id });
      mark(opts.kind === 'audio' ? 'firstRemoteAudio' : 'videoConsumerResumed');
    } catch (err) {
      // NOT_FOUND: the producer went away between call:state and our request; nothing to show.
      // CONFLICT: this browser cannot decode the producer's codec; the server has asked its
      // owner for another encoding, whose arrival is a call:state, on which we ask again.
      if (!this.closed && !(err instanceof Error && 'code' in err && (err.code === 'NOT_FOUND' || err.code === 'CONFLICT'))) this.hooks.onError(err);
    } finally {
      this.consuming.delete(producerId);
    }
  }

  /** `media:consumerClosed` (protocol step 6). */
  dropConsumer(consumerId: string): void {
    for (const [producerId, entry] of this.consumers) {
      if (entry.consumer.id !== consumerId) continue;
      entry.consumer.close();
      this.consumers.delete(producerId);
      this.emitTracks();
      return;
    }
  }

  private emitTracks(): void {
    if (!this.closed) this.hooks.onRemoteTracksChanged([...this.consumers.values()].map((e) => e.remote));
  }

  /** Loss, round trip and send estimate of both transports (QualityMonitor); undefined once closed. */
  async qualityCounters(): Promise<QualityCounters | undefined> {
    if (this.closed || !this.sendTransport || !this.recvTransport) return undefined;
    const [send, recv] = await Promise.all([this.sendTransport.getStats(), this.recvTransport.getStats()]);
    return qualityCounters(send, recv);
  }

  // ---- audio only (issue 16) ---------------------------------------------------------------
  private audioOnly = false;

  /** Stops (or restarts) receiving video: the SFU pauses this seat's video consumers, so no video crosses a weak link. */
  async setAudioOnly(on: boolean): Promise<void> {
    this.audioOnly = on;
    await Promise.all([...this.consumers.values()].filter((e) => e.remote.kind === 'video').map((e) => this.applyAudioOnly(e.consumer)));
  }

  private async applyAudioOnly(consumer: ms.Consumer): Promise<void> {
    if (this.closed || consumer.closed) return;
    const paused = this.audioOnly;
    if (paused) consumer.pause();
    else consumer.resume();
    await this.socket.request('media:setConsumerPaused', { consumerId: consumer.id, paused });
  }

  /** The SFU's view of what this seat receives (layers, scores): for the desk's warning and for tests. */
  receivedStreams() {
    return this.socket.request('media:receivedStreams', {});
  }

  async stats(): Promise<MediaStats> {
    const out: MediaStats = { ...EMPTY_STATS, selectedPaths: [], consumers: this.consumers.size, producers: this.producers.size };
    if (this.closed) return out;
    const [recv, send] = await Promise.all([
      this.recvTransport && !this.recvTransport.closed ? this.recvTransport.getStats() : undefined,
      this.sendTransport && !this.sendTransport.closed ? this.sendTransport.getStats() : undefined,
    ]);
    addReport(out, recv);
    addReport(out, send);
    return out;
  }

  /** Safe to call twice; closes transports (and with them producers and consumers). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.forgetScreenTrack?.();
    clearTimeout(this.iceRefreshTimer);
    clearTimeout(this.mediaPathTimer);
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.producers.clear();
    this.alternates.clear();
    this.consumers.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function asTransportOptions(o: TransportOptions): ms.TransportOptions {
  return {
    id: o.id,
    iceParameters: o.iceParameters as ms.IceParameters,
    iceCandidates: o.iceCandidates as ms.IceCandidate[],
    dtlsParameters: o.dtlsParameters as ms.DtlsParameters,
    sctpParameters: o.sctpParameters as ms.SctpParameters | undefined,
    iceServers: o.ice.iceServers,
    iceTransportPolicy: o.ice.iceTransportPolicy,
  };
}
