import type { CallOutcome, CallView, ChatMessage, ConnectionQuality, JoinResponse, ParticipantStatus, Role } from '@videoloket/contracts';
import { CallSocket, type CallSocketOptions } from './socket';
import { MediaSession, PreparedDevice, requestTransportPair, type LocalSource, type LocalTracks, type RemoteTrack, type TransportPair } from './media-session';
import { SeatStore, type StoredSeat } from './seat-store';
import { handshakeErrorCode, isAppError } from './errors';
import { EMPTY_STATS, type MediaStats } from './stats';
import { exposeReceivedStreams, exposeStats, mark, noteRecovery } from './debug';
import { QualityMonitor } from './quality-monitor';
import { listenToBrowserNetwork, NetworkWatch } from './network-watch';

// One browser's place in one call: the socket, the seat (resumeKey), the waiting room,
// admission, chat and the media session. Both apps drive the call through this class and
// render its immutable `state` snapshots (React's useSyncExternalStore).

export type CallPhase =
  | 'connecting'
  | 'waiting'
  | 'admitted'
  | 'reconnecting'
  | 'refused'
  | 'removed'
  | 'ended'
  | 'left'
  | 'replaced'
  | 'invalid-link'
  /** The link works from `opensAt` on (an appointment opened too early). */
  | 'not-open-yet'
  | 'failed';

export interface SessionState {
  phase: CallPhase;
  self?: { participantId: string; role: Role; status: ParticipantStatus };
  call?: CallView;
  chat: ChatMessage[];
  remoteTracks: RemoteTrack[];
  micPaused: boolean;
  cameraPaused: boolean;
  activeSpeakerId: string | null;
  /** No media path came up: the network blocks video calls (issue 16); the page says so instead of spinning. */
  networkBlocksMedia?: boolean;
  /** How this browser's connection does (QualityMonitor); undefined until the first windows are in. */
  connectionQuality?: ConnectionQuality;
  /** The connection has been weak or worse for OFFER_AUDIO_ONLY_AFTER_MS: offer audio only (issue 16). */
  audioOnlyOffered: boolean;
  /** No video sent or received: chosen before (device check) or during the call. */
  audioOnly: boolean;
  /** Error code of the last failed action, for a polite message. */
  lastError?: string;
  /** Bearer token for the call's HTTP endpoints (uploads), renewed on every join. */
  httpToken?: string;
  /** Phase 'not-open-yet': when the link starts to work (ISO time). */
  opensAt?: string;
}

export interface CallSessionOptions {
  socket: CallSocketOptions;
  /** Where the seat key is stored (`videoloket:seat:<seatId>`): the call id, or one derived from the link. */
  seatId: string;
  displayName?: string;
  /** The page's current local tracks, read whenever media (re)starts. */
  localTracks: () => LocalTracks;
  /** Device choices to remember with the seat (for a rejoin after reload). */
  devices?: StoredSeat['devices'];
  micPaused?: boolean;
  cameraPaused?: boolean;
  /** Joined with "audio only" from the device check. */
  audioOnly?: boolean;
  seats?: SeatStore;
  /**
   * Clerks (issue 12): 'case' joins as the seat's case window — the call's state, chat,
   * documents and forms, but never media (the server refuses it to that connection).
   */
  window?: 'case';
}

/** A connection weak this long (steadied windows) gets the audio-only offer. */
export const OFFER_AUDIO_ONLY_AFTER_MS = 20_000;

const TERMINAL: ReadonlySet<CallPhase> = new Set(['refused', 'removed', 'ended', 'left', 'replaced', 'invalid-link', 'not-open-yet']);

export class CallSession {
  readonly socket: CallSocket;
  private readonly seats: SeatStore;
  private media?: MediaSession;
  /** The media device, loaded as soon as the router's capabilities are known (while waiting). */
  private device?: PreparedDevice;
  /** Both transports, made on the server while waiting; taken by the first media session after admission. */
  private earlyTransports?: Promise<TransportPair>;
  private current: SessionState;
  private readonly listeners = new Set<() => void>();
  private everJoined = false;
  private admitRetry?: ReturnType<typeof setTimeout>;
  private restartTimer?: ReturnType<typeof setTimeout>;
  private lastRestartAt = 0;
  private restartDelayMs = 0;
  /** The screen being shared: shared again by every new media session (worker replaced, reconnect) until it stops. */
  private screen?: { track: MediaStreamTrack; onStopped: () => void };
  /** A new network (Wi-Fi → 4G) or a dead media path: restart ICE or redial within a second (network-watch.ts). */
  private readonly networkWatch = new NetworkWatch({
    socketConnected: () => this.socket.connected,
    hasMedia: () => this.media !== undefined && !this.media.isClosed,
    restartIce: (timeoutMs) => this.media?.restartIceOnBoth(timeoutMs) ?? Promise.resolve(true),
    redialSocket: () => !TERMINAL.has(this.current.phase) && this.socket.redial(),
  }, {}, noteRecovery);
  private readonly stopNetworkListening = listenToBrowserNetwork(this.networkWatch);
  private qualityMonitor?: QualityMonitor;
  private reportedQuality?: ConnectionQuality;
  private weakSince?: number;

  constructor(private readonly options: CallSessionOptions) {
    this.seats = options.seats ?? new SeatStore();
    this.socket = new CallSocket(options.socket);
    this.current = {
      phase: 'connecting',
      chat: [],
      remoteTracks: [],
      micPaused: options.micPaused ?? false,
      cameraPaused: options.cameraPaused ?? false,
      activeSpeakerId: null,
      audioOnly: options.audioOnly ?? false,
      audioOnlyOffered: false,
    };
    this.wire();
    exposeStats(() => this.stats());
    exposeReceivedStreams(async () => (this.media ? (await this.media.receivedStreams()).streams : []));
  }

  get state(): SessionState {
    return this.current;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionState => this.current;

  private set(patch: Partial<SessionState>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l();
  }

  start(): void {
    this.socket.connect();
  }

  private wire(): void {
    const raw = this.socket.raw;
    raw.on('connect', () => void this.join());
    raw.on('disconnect', (reason) => {
      this.stopMedia();
      if (TERMINAL.has(this.current.phase)) return;
      this.set({ phase: this.everJoined ? 'reconnecting' : 'connecting' });
      // The server dropped us without saying why (restart, network blip on its side): dial again.
      if (reason === 'io server disconnect') setTimeout(() => !TERMINAL.has(this.current.phase) && this.socket.connect(), 500);
    });
    raw.on('connect_error', (err) => {
      if (raw.active) return; // a network error: Socket.IO keeps retrying by itself
      const code = handshakeErrorCode(err.message);
      if (code === 'GONE') return this.finish('ended');
      if (code === 'NOT_YET_OPEN') {
        const opensAt = (err as Error & { data?: { opensAt?: unknown } }).data?.opensAt;
        if (typeof opensAt === 'string') this.set({ opensAt });
        return this.finish('not-open-yet');
      }
      if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'NOT_FOUND') return this.finish('invalid-link');
      this.set({ phase: 'failed', lastError: code ?? 'UNAVAILABLE' });
      setTimeout(() => !TERMINAL.has(this.current.phase) && this.socket.connect(), 2000);
    });

    this.socket.on('call:state', (view) => this.onState(view));
    this.socket.on('call:admitted', ({ routerRtpCapabilities }) => {
      mark('admitted');
      const self = this.current.self ? { ...this.current.self, status: 'admitted' as const } : undefined;
      // Media first: its first requests leave before the page renders the call screen (a
      // render queued first would hold them back for as long as it takes; bench:join).
      this.startMedia(routerRtpCapabilities);
      this.set({ phase: 'admitted', self });
    });
    this.socket.on('call:refused', ({ reason }) => this.finish(reason === 'removed' ? 'removed' : 'refused'));
    this.socket.on('call:ended', () => this.finish('ended'));
    this.socket.on('call:replaced', () => {
      this.stopMedia();
      this.set({ phase: 'replaced' });
    });
    this.socket.on('chat:message', (msg) => this.addChat([msg]));
    // The clerk shared the chat from before we joined (interpreters): merge it in time order.
    this.socket.on('chat:history', ({ messages }) => this.addChat(messages));
    this.socket.on('media:consumerClosed', ({ consumerId }) => this.media?.dropConsumer(consumerId));
    this.socket.on('media:restart', ({ routerRtpCapabilities }) => {
      // The pair made while waiting went with the old worker: make it again on the new one.
      if (this.current.phase === 'waiting') return this.prepareTransports();
      if (this.current.phase !== 'admitted') return;
      // Back off when restarts follow each other (a worker that keeps dying): rebuilding at
      // once every time floods the server with requests and gets us rate-limited.
      const now = Date.now();
      this.restartDelayMs = now - this.lastRestartAt < 10_000 ? Math.min(10_000, Math.max(1000, this.restartDelayMs * 2)) : 0;
      this.lastRestartAt = now;
      this.stopMedia();
      clearTimeout(this.restartTimer);
      this.restartTimer = setTimeout(() => this.current.phase === 'admitted' && this.startMedia(routerRtpCapabilities), this.restartDelayMs);
    });
    this.socket.on('media:encodingWanted', ({ producerId, mimeType }) => void this.media?.produceAlternate(producerId, mimeType));
    this.socket.on('media:activeSpeaker', ({ participantId }) => this.set({ activeSpeakerId: participantId }));
  }

  private async join(): Promise<void> {
    const stored = this.seats.get(this.options.seatId);
    const displayName = this.options.displayName ?? stored?.displayName;
    let res: JoinResponse;
    try {
      res = await this.socket.request('call:join', {
        ...(displayName ? { displayName } : {}),
        ...(stored ? { resumeKey: stored.resumeKey } : {}),
        ...(this.options.window ? { window: this.options.window } : {}),
      });
    } catch (err) {
      if (isAppError(err, 'GONE')) return this.finish('ended');
      if (isAppError(err, 'UNAUTHENTICATED')) return this.finish('invalid-link');
      this.set({ phase: 'failed', lastError: isAppError(err) ? err.code : 'INTERNAL' });
      return;
    }
    mark('joined');
    this.everJoined = true;
    this.seats.set(this.options.seatId, {
      resumeKey: res.resumeKey,
      ...(displayName ? { displayName } : {}),
      ...(this.options.devices ? { devices: this.options.devices } : {}),
    });
    if (res.call.callId !== this.options.seatId) this.seats.set(res.call.callId, this.seats.get(this.options.seatId)!);
    const admitted = res.self.status === 'admitted';
    this.set({ phase: admitted ? 'admitted' : 'waiting', self: res.self, call: res.call, chat: [], httpToken: res.httpToken });
    this.addChat(res.chatHistory);
    // Load the media device now, while waiting: admission then goes straight to the transports.
    this.device = PreparedDevice.reuse(this.device, res.routerRtpCapabilities);
    // A join closes the seat's transports on the server (a new connection, or the same one
    // again): whatever was made before is gone. Waiting, make the pair now.
    this.earlyTransports = undefined;
    if (!admitted) this.prepareTransports();
    if (admitted) {
      mark('admitted');
      this.startMedia(res.routerRtpCapabilities);
    }
  }

  private onState(view: CallView): void {
    const me = this.current.self && view.participants.find((p) => p.id === this.current.self!.participantId);
    this.set({ call: view, ...(me && this.current.self ? { self: { ...this.current.self, status: me.status } } : {}) });
    if (this.current.self) void this.media?.syncConsumers(view, this.current.self.participantId);
    // The state says we are admitted but `call:admitted` has not come (lost while the server
    // was busy replacing a media worker): ask again; joining on the same connection is
    // idempotent and an admitted seat's ack carries the router capabilities.
    if (me?.status === 'admitted' && this.current.phase === 'waiting' && !this.admitRetry) {
      this.admitRetry = setTimeout(() => {
        this.admitRetry = undefined;
        if (this.current.phase === 'waiting' && this.current.self?.status === 'admitted' && this.socket.connected) void this.join();
      }, 1500);
    }
  }

  private prepareTransports(): void {
    const made = requestTransportPair(this.socket);
    made.catch(() => undefined); // the media session asks again if this failed
    this.earlyTransports = made;
  }

  private startMedia(routerRtpCapabilities: unknown): void {
    if (this.options.window === 'case') return;
    this.stopMedia();
    const media: MediaSession = new MediaSession(this.socket, {
      onRemoteTracksChanged: (remoteTracks) => media === this.media && this.set({ remoteTracks }),
      onError: (err) => media === this.media && this.set({ lastError: isAppError(err) ? err.code : 'MEDIA' }),
      onMediaPath: (path) => media === this.media && this.set({ networkBlocksMedia: path === 'blocked' }),
      onIceTrouble: (state) => media === this.media && this.networkWatch.signal(state === 'failed' ? 'ice-failed' : 'ice-disconnected'),
    });
    this.media = media;
    if (this.current.call && this.current.self) void media.syncConsumers(this.current.call, this.current.self.participantId);
    this.device = PreparedDevice.reuse(this.device, routerRtpCapabilities);
    const local = this.options.localTracks();
    // Audio only: the camera is not even produced (no first frames over a weak link), and video consumers stay paused.
    if (this.current.audioOnly) delete local.video;
    void media.setAudioOnly(this.current.audioOnly);
    const early = this.earlyTransports;
    this.earlyTransports = undefined;
    media
      .start(this.device, local, { microphone: this.current.micPaused, camera: this.current.cameraPaused }, early)
      .then(() => this.shareAgain(media))
      .catch((err: unknown) => media === this.media && this.set({ lastError: isAppError(err) ? err.code : 'MEDIA' }));
    this.reportedQuality = undefined;
    this.qualityMonitor = new QualityMonitor(
      () => media.qualityCounters(),
      (quality) => media === this.media && this.onQuality(quality),
    );
    this.qualityMonitor.start();
  }

  /** A steadied verdict of this browser's connection: shown here, told to the others on change. */
  private onQuality(quality: ConnectionQuality): void {
    const now = Date.now();
    if (quality === 'good') this.weakSince = undefined;
    else this.weakSince ??= now;
    const offered = !this.current.audioOnly && this.weakSince !== undefined && now - this.weakSince >= OFFER_AUDIO_ONLY_AFTER_MS;
    if (quality !== this.current.connectionQuality || offered !== this.current.audioOnlyOffered) this.set({ connectionQuality: quality, audioOnlyOffered: offered });
    if (quality !== this.reportedQuality && this.socket.connected) {
      this.reportedQuality = quality;
      this.socket.request('media:reportQuality', { quality }).catch(() => (this.reportedQuality = undefined));
    }
  }

  /** A running screen share survives a rebuilt media session: the same track, a new producer. */
  private async shareAgain(media: MediaSession): Promise<void> {
    const screen = this.screen;
    if (!screen || media !== this.media || media.isClosed) return;
    if (screen.track.readyState === 'ended') return screen.onStopped();
    try {
      await media.shareScreen(screen.track, screen.onStopped);
    } catch (err) {
      // Refused now (the clerk took the permission back meanwhile): the share ends here.
      if (media !== this.media) return;
      screen.track.stop();
      screen.onStopped();
      throw err;
    }
  }

  private stopMedia(): void {
    this.qualityMonitor?.stop();
    this.qualityMonitor = undefined;
    this.media?.close();
    this.media = undefined;
    if (this.current.remoteTracks.length) this.set({ remoteTracks: [] });
  }

  private finish(phase: CallPhase): void {
    this.stopMedia();
    this.screen = undefined;
    // A refused or removed seat has no future: forget its key; `left` keeps nothing either.
    // An ended call keeps it, marked: link + key open the call's documents afterwards.
    const stored = this.seats.get(this.options.seatId);
    if (phase === 'ended' && stored) this.seats.set(this.options.seatId, { ...stored, ended: true });
    else if (phase !== 'replaced') this.seats.remove(this.options.seatId);
    this.set({ phase });
    this.socket.raw.disconnect();
  }

  private addChat(messages: ChatMessage[]): void {
    if (!messages.length) return;
    const seen = new Set(this.current.chat.map((m) => m.id));
    const fresh = messages.filter((m) => !seen.has(m.id));
    if (!fresh.length) return;
    const chat = [...this.current.chat, ...fresh];
    // ISO timestamps sort as strings; the sort is stable, so same-millisecond messages keep their order.
    if (chat.length > fresh.length && fresh[0]!.sentAt < this.current.chat.at(-1)!.sentAt) chat.sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0));
    this.set({ chat });
  }

  // ---- actions -------------------------------------------------------------------------

  async sendChat(text: string): Promise<void> {
    const msg = await this.socket.request('chat:send', { text });
    this.addChat([msg]);
  }

  async setPaused(source: LocalSource, paused: boolean): Promise<void> {
    this.set(source === 'microphone' ? { micPaused: paused } : { cameraPaused: paused });
    if (source === 'camera' && this.current.audioOnly) return; // remembered for when video comes back
    await this.media?.setPaused(source, paused);
  }

  async replaceTrack(source: LocalSource, track: MediaStreamTrack): Promise<void> {
    if (source === 'camera' && this.current.audioOnly) return; // the new camera goes out when video comes back
    await this.media?.replaceTrack(source, track);
  }

  /**
   * Audio only on: the camera stops going out and no video comes in (the SFU pauses this
   * seat's video consumers). Off: the camera (unless turned off before) and video come back.
   */
  async setAudioOnly(on: boolean): Promise<void> {
    if (on === this.current.audioOnly) return;
    this.set({ audioOnly: on, audioOnlyOffered: false });
    const media = this.media;
    if (!media) return;
    const camera = this.options.localTracks().video;
    if (on) await media.setPaused('camera', true);
    else if (camera) {
      await media.replaceTrack('camera', camera);
      await media.setPaused('camera', this.current.cameraPaused);
    }
    await media.setAudioOnly(on);
  }

  /** The citizen said no to the audio-only offer: ask again only after another weak stretch. */
  declineAudioOnly(): void {
    this.weakSince = undefined;
    this.set({ audioOnlyOffered: false });
  }

  /** Screen share (issue 5): see MediaSession.shareScreen. `onStopped` runs when the share ends by itself. */
  async shareScreen(track: MediaStreamTrack, onStopped?: () => void): Promise<void> {
    if (!this.media) throw new Error('Media is not ready');
    const screen = {
      track,
      onStopped: () => {
        if (this.screen === screen) this.screen = undefined;
        onStopped?.();
      },
    };
    await this.media.shareScreen(track, screen.onStopped);
    this.screen = screen;
  }

  stopScreenShare(): Promise<void> {
    this.screen = undefined;
    return this.media?.stopScreenShare() ?? Promise.resolve();
  }

  admit(participantId: string) {
    return this.socket.request('call:admit', { participantId });
  }
  refuse(participantId: string) {
    return this.socket.request('call:refuse', { participantId });
  }
  remove(participantId: string) {
    return this.socket.request('call:remove', { participantId });
  }

  /** Ends the call for everyone (clerk only), with what came of it when the clerk says so. */
  async end(outcome?: CallOutcome): Promise<void> {
    await this.socket.request('call:end', outcome ? { outcome } : {});
    this.finish('ended');
  }

  async leave(): Promise<void> {
    try {
      if (this.socket.connected) await this.socket.request('call:leave', {});
    } finally {
      this.finish('left');
    }
  }

  stats(): Promise<MediaStats> {
    return this.media ? this.media.stats() : Promise.resolve({ ...EMPTY_STATS });
  }

  /** The key of this browser's seat (after the call: with the link, it opens the call's documents). */
  storedSeat(): StoredSeat | undefined {
    return this.seats.get(this.options.seatId);
  }

  /** Tears everything down without telling the server (page unload, component unmount). */
  close(): void {
    this.networkWatch.close();
    this.stopNetworkListening();
    this.stopMedia();
    this.socket.close();
    this.listeners.clear();
  }
}
