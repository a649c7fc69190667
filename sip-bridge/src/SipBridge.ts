import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { DialInRegistry, type DialInEntry } from './DialInRegistry';
import { AppError, BridgeClosedError, InvalidDialTargetError, SipCallFailedError, TooManyPhoneLegsError } from './errors';
import type { BridgeRoom } from './media/RoomAudio';
import { RtpRelay, type PhoneMedia } from './media/RtpRelay';
import { resolveSipBridgeOptions, type ResolvedSipBridgeOptions, type SipBridgeOptions } from './options';
import { PhoneLeg } from './PhoneLeg';
import { buildSdp, negotiate, offerCodecs, parseSdp, type AudioCodecName, type NegotiatedAudio } from './sdp';
import type { IncomingInvite } from './sip/IncomingInvite';
import { parseUri } from './sip/message';
import { SipUserAgent } from './sip/UserAgent';
import type { DialIn, DialInOptions, DialOutRequest, TelephonyAdapter, TelephonyCapabilities } from './TelephonyAdapter';
import { TypedEmitter } from '@videoloket/sfu';

export interface SipBridgeEvents extends Record<string, unknown[]> {
  /** An inbound phone leg was answered (it may still be entering its PIN). */
  leg: [PhoneLeg];
}

/**
 * What a phone may speak, in our order of preference for offers: Opus (no
 * transcoding towards the room), then G.711 A-law (Europe's trunks), μ-law.
 * G.711 is transcoded in the relay (docs/sip-bridge.md "Media").
 */
const CODECS: AudioCodecName[] = ['opus', 'PCMA', 'PCMU'];
const DTMF_PT = 101;

/**
 * The SIP adapter of TelephonyAdapter: a minimal RFC 3261 UA on UDP, an RTP
 * relay per leg, and the room wiring (RoomAudio). One instance per
 * signalling process.
 */
export class SipBridge extends TypedEmitter<SipBridgeEvents> implements TelephonyAdapter {
  readonly capabilities: TelephonyCapabilities = { canDialOut: true, canAcceptInbound: true, codecs: CODECS, dtmf: true };
  readonly options: ResolvedSipBridgeOptions;
  readonly #log: Logger;
  readonly #ua: SipUserAgent;
  readonly #legs = new Set<PhoneLeg>();
  readonly #relays = new Map<PhoneLeg, RtpRelay>();
  readonly #dialIns: DialInRegistry;
  readonly #dialAllow: RegExp;
  #running = false;
  #watchdog: NodeJS.Timeout | undefined;

  constructor(options: SipBridgeOptions, logger: Logger) {
    super();
    this.options = resolveSipBridgeOptions(options);
    this.#log = logger.child({ component: 'sip-bridge' });
    this.#dialAllow = new RegExp(this.options.dialAllow);
    this.#ua = new SipUserAgent({
      listenIp: this.options.listenIp,
      port: this.options.port,
      ...(this.options.publicHost ? { publicHost: this.options.publicHost } : {}),
      user: 'videoloket',
      userAgent: this.options.userAgent,
      logger,
    });
    this.#dialIns = new DialInRegistry(this.options, this.#log);
  }

  /** The UDP port SIP listens on (useful with port 0). */
  get sipPort(): number {
    return this.#ua.port;
  }

  async start(): Promise<void> {
    await this.#ua.start();
    this.#ua.on('invite', (invite) => void this.#onInvite(invite));
    this.#running = true;
    // Media watchdog: a phone that stopped sending RTP (dropped line, no BYE) is hung up.
    this.#watchdog = setInterval(() => this.#checkMedia(), 1000);
    this.#watchdog.unref();
  }

  async close(): Promise<void> {
    this.#running = false;
    clearInterval(this.#watchdog);
    for (const leg of [...this.#legs]) leg.hangUp();
    this.#dialIns.closeAll();
    // Let the BYEs leave before the socket goes.
    await new Promise((r) => setTimeout(r, 50));
    this.#ua.close();
  }

  legs(callId?: string): PhoneLeg[] {
    return [...this.#legs].filter((l) => callId === undefined || l.callId === callId);
  }

  // ---- dial-out -----------------------------------------------------------

  async dialOut(room: BridgeRoom, request: DialOutRequest): Promise<PhoneLeg> {
    if (!this.#running) throw new BridgeClosedError();
    const uri = request.uri.trim();
    if (!this.#dialAllow.test(uri)) throw new InvalidDialTargetError('this number or address may not be dialled');
    try {
      parseUri(uri);
    } catch {
      throw new InvalidDialTargetError('not a SIP URI (sip:number@host)');
    }
    this.#checkLegLimit(room);
    const relay = await this.#openRelay();
    const leg = this.#track(new PhoneLeg(room, 'outbound', uri, request.displayName.slice(0, 80), this.#log), relay);
    const sdp = buildSdp({
      address: relay.announcedIp,
      port: relay.localPort,
      sessionId: String(randomInt(1, 2 ** 31)),
      codecs: offerCodecs(CODECS),
      dtmfPayloadType: DTMF_PT,
      dtmfClockRate: 8000,
    });
    void this.#runDialOut(leg, relay, uri, sdp);
    return leg;
  }

  async #runDialOut(leg: PhoneLeg, relay: RtpRelay, uri: string, sdp: string): Promise<void> {
    const trunk = this.options.trunk;
    try {
      const { dialog, remoteSdp } = await this.#ua.invite({
        target: uri,
        ...(trunk ? { via: trunk.proxy } : {}),
        ...(trunk?.fromUri ? { fromUri: trunk.fromUri } : {}),
        ...(trunk?.username && trunk.password ? { credentials: { username: trunk.username, password: trunk.password } } : {}),
        sdp,
        ringTimeoutMs: this.options.ringTimeoutMs,
        onProvisional: (status) => status >= 180 && leg.setRinging(),
        signal: leg.signal,
      });
      if (leg.state === 'ended') {
        void dialog.bye();
        return;
      }
      let media: NegotiatedAudio;
      try {
        media = negotiate(parseSdp(remoteSdp), CODECS);
      } catch (error) {
        void dialog.bye();
        throw error;
      }
      relay.configure({ address: media.remote.address, port: media.remote.port }, phoneMedia(media));
      leg.established(dialog, relay, media.codec.name);
      await leg.connect();
    } catch (error) {
      const sipStatus = error instanceof SipCallFailedError ? error.sipStatus : undefined;
      if (!(error instanceof AppError)) this.#log.error({ err: error, legId: leg.id }, 'dial-out failed');
      leg.end({ reason: 'failed', ...(sipStatus ? { sipStatus } : {}) });
    }
  }

  // ---- dial-in ------------------------------------------------------------

  openDialIn(room: BridgeRoom, options: DialInOptions = {}): DialIn {
    if (!this.#running) throw new BridgeClosedError();
    return this.#dialIns.open(room, `${this.#ua.publicHost}`, options);
  }

  async #onInvite(invite: IncomingInvite): Promise<void> {
    const source = invite.source.address;
    if (this.#dialIns.blocked(source)) return invite.reject(403, 'Forbidden');
    // Request-URI user part: "<extension>" (PIN by keypad) or "<extension>*<pin>".
    const [extension = '', uriPin] = (invite.dialedUser ?? '').split('*', 2);
    const entry = this.#dialIns.find(extension);
    if (!entry || entry.room.closed) {
      this.#dialIns.recordFailure(source);
      return invite.reject(404, 'Not Found');
    }
    if (uriPin !== undefined && !pinMatches(entry, uriPin)) {
      // A PIN in the dialled number is checked before answering: a wrong one never gets media.
      this.#dialIns.recordFailure(source);
      this.#dialIns.wrongPin(entry);
      this.#log.warn({ callId: entry.room.callId }, 'wrong dial-in PIN in the Request-URI');
      return invite.reject(403, 'Forbidden');
    }
    if (this.legs(entry.room.callId).length >= this.options.maxLegsPerCall) return invite.reject(486, 'Busy Here');
    let media: NegotiatedAudio;
    try {
      media = negotiate(parseSdp(invite.remoteSdp), CODECS);
    } catch {
      // RFC 3264 §6 / RFC 3261 §13.3.1.3: no acceptable media → 488.
      return invite.reject(488, 'Not Acceptable Here');
    }
    let relay: RtpRelay;
    try {
      relay = await this.#openRelay();
    } catch {
      return invite.reject(503, 'Service Unavailable');
    }
    relay.configure({ address: media.remote.address, port: media.remote.port }, phoneMedia(media));
    const caller = invite.from;
    const leg = this.#track(new PhoneLeg(entry.room, 'inbound', caller.uri, (caller.displayName ?? 'Phone').slice(0, 80), this.#log), relay);
    const answer = buildSdp({
      address: relay.announcedIp,
      port: relay.localPort,
      sessionId: String(randomInt(1, 2 ** 31)),
      codecs: [media.codec],
      ...(media.dtmf ? { dtmfPayloadType: media.dtmf.payloadType, dtmfClockRate: media.dtmf.clockRate } : {}),
    });
    invite.once('cancelled', () => leg.end({ reason: 'cancelled' }));
    invite.ringing();
    try {
      const dialog = await invite.accept(answer);
      leg.established(dialog, relay, media.codec.name);
    } catch {
      leg.end({ reason: 'failed' });
      return;
    }
    if (leg.state === 'ended') return;
    this.safeEmit('leg', [leg], (e) => this.#log.error({ err: e }, 'leg listener threw'));
    if (uriPin !== undefined) {
      this.#checkPin(leg, entry, source, uriPin, true);
      return;
    }
    this.#collectPin(leg, entry, relay, source);
  }

  #collectPin(leg: PhoneLeg, entry: DialInEntry, relay: RtpRelay, source: string): void {
    leg.awaitingPin();
    let digits = '';
    const timer = setTimeout(() => {
      this.#dialIns.recordFailure(source);
      leg.end({ reason: 'pin-timeout' });
    }, this.options.pinTimeoutMs);
    leg.onEnd(() => clearTimeout(timer));
    relay.on('dtmf', (digit) => {
      if (leg.state !== 'awaiting-pin') return;
      // The PIN is complete at pinLength digits or at '#'; a '#' after a complete PIN is ignored.
      if (digit !== '#') digits += digit;
      else if (digits === '') return;
      if (digit === '#' || digits.length >= this.options.pinLength) {
        const entered = digits;
        digits = '';
        const last = this.#checkPin(leg, entry, source, entered, false);
        if (last) clearTimeout(timer);
      }
    });
  }

  /** Returns true when the leg leaves PIN entry (connected or ended). */
  #checkPin(leg: PhoneLeg, entry: DialInEntry, source: string, pin: string, final: boolean): boolean {
    if (pinMatches(entry, pin)) {
      this.#log.info({ legId: leg.id, callId: leg.callId }, 'dial-in PIN accepted');
      leg.connect().catch((error: unknown) => {
        this.#log.error({ err: error, legId: leg.id }, 'attaching phone to the room failed');
        leg.end({ reason: 'failed' });
      });
      return true;
    }
    this.#dialIns.recordFailure(source);
    const locked = this.#dialIns.wrongPin(entry);
    this.#log.warn({ legId: leg.id, callId: leg.callId, locked }, 'wrong dial-in PIN');
    if (final || locked) {
      leg.end({ reason: 'wrong-pin' });
      return true;
    }
    return false;
  }

  // ---- shared -------------------------------------------------------------

  #checkLegLimit(room: BridgeRoom): void {
    if (this.legs(room.callId).length >= this.options.maxLegsPerCall) throw new TooManyPhoneLegsError(this.options.maxLegsPerCall);
  }

  async #openRelay(): Promise<RtpRelay> {
    const relay = new RtpRelay({
      listenIp: this.options.rtpListenIp,
      announcedIp: this.options.rtpAnnouncedIp ?? this.options.rtpListenIp,
      portMin: this.options.rtpPortMin,
      portMax: this.options.rtpPortMax,
      innerIp: this.options.sfuIp,
    });
    await relay.open();
    return relay;
  }

  #track(leg: PhoneLeg, relay: RtpRelay): PhoneLeg {
    this.#legs.add(leg);
    const onRoomClose = () => leg.end({ reason: 'call-ended' });
    leg.room.on('close', onRoomClose);
    leg.once('ended', () => {
      this.#legs.delete(leg);
      leg.room.off('close', onRoomClose);
      relay.close();
    });
    this.#relays.set(leg, relay);
    leg.once('ended', () => this.#relays.delete(leg));
    return leg;
  }

  #checkMedia(): void {
    const now = Date.now();
    for (const leg of this.#legs) {
      const relay = this.#relays.get(leg);
      if (!relay || (leg.state !== 'connected' && leg.state !== 'awaiting-pin')) continue;
      const info = leg.info();
      const since = relay.lastPhonePacketAt || info.connectedAt || now;
      if (now - since > this.options.mediaTimeoutMs) leg.end({ reason: 'media-timeout' });
    }
  }
}

function phoneMedia(media: NegotiatedAudio): PhoneMedia {
  return {
    codec: media.codec.name,
    payloadType: media.codec.payloadType,
    ...(media.dtmf ? { dtmfPayloadType: media.dtmf.payloadType } : {}),
  };
}

function pinMatches(entry: DialInEntry, pin: string): boolean {
  const expected = Buffer.from(entry.pin);
  const given = Buffer.from(pin);
  // Constant-time compare: the PIN must not leak through response timing.
  return given.length === expected.length && timingSafeEqual(given, expected) && !entry.closed;
}
