import { randomInt, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { DialInRegistry, type DialInEntry } from './DialInRegistry';
import { AppError, BridgeClosedError, InvalidDialTargetError, NoCommonCodecError, SipCallFailedError, TooManyPhoneLegsError } from './errors';
import type { BridgeRoom } from './media/RoomAudio';
import { RtpRelay, type PhoneMedia } from './media/RtpRelay';
import { resolveSipBridgeOptions, type ResolvedSipBridgeOptions, type SipBridgeOptions } from './options';
import { PhoneLeg } from './PhoneLeg';
import { newMasterKey } from './media/srtp';
import { buildSdp, negotiate, offerCodecs, parseSdp, type AudioCodecName, type AudioDescription, type NegotiatedAudio, type SdesCrypto, type SdpCodec } from './sdp';
import type { Dialog } from './sip/Dialog';
import type { IncomingInvite } from './sip/IncomingInvite';
import { parseUri, type SipHeaders } from './sip/message';
import { Registration } from './sip/Registration';
import { SessionTimer, parseSessionExpires, type Refresher } from './sip/SessionTimer';
import { SipUserAgent } from './sip/UserAgent';
import type { DialIn, DialInOptions, DialOutRequest, TelephonyAdapter, TelephonyCapabilities } from './TelephonyAdapter';
import { TypedEmitter } from '@videoloket/contracts/emitter';

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
  readonly #inviteLimiter: RateLimiterMemory;
  #registration: Registration | undefined;
  #running = false;
  #watchdog: NodeJS.Timeout | undefined;

  protected override listenerFailed(error: unknown, event: string): void {
    this.#log.error({ err: error, event }, 'listener threw');
  }

  constructor(options: SipBridgeOptions, logger: Logger) {
    super();
    this.options = resolveSipBridgeOptions(options);
    this.#log = logger.child({ component: 'sip-bridge' });
    this.#dialAllow = new RegExp(this.options.dialAllow);
    const tls = this.options.tls;
    // A flood of INVITEs from one address (or a looping trunk) is answered 503 before any work is done.
    this.#inviteLimiter = new RateLimiterMemory({ points: this.options.maxInvitesPerSource, duration: 10 });
    this.#ua = new SipUserAgent({
      listenIp: this.options.listenIp,
      port: this.options.port,
      ...(this.options.publicHost ? { publicHost: this.options.publicHost } : {}),
      user: this.options.trunk?.username ?? 'videoloket',
      userAgent: this.options.userAgent,
      transport: this.options.trunk?.transport ?? 'udp',
      // RFC 3261 §21.5.4 / RFC 6357: a source over its INVITE rate gets 503 with Retry-After.
      admitInvite: (from) => this.#inviteLimiter.consume(from.address).then(
        () => true,
        () => false,
      ),
      ...(tls
        ? {
            tlsPort: tls.port,
            tls: {
              cert: readFileSync(tls.certFile, 'utf8'),
              key: readFileSync(tls.keyFile, 'utf8'),
              ...(tls.caFile ? { ca: readFileSync(tls.caFile, 'utf8') } : {}),
            },
          }
        : {}),
      logger,
    });
    this.#dialIns = new DialInRegistry(this.options, this.#log);
  }

  /** The UDP and TCP port SIP listens on (useful with port 0). */
  get sipPort(): number {
    return this.#ua.port;
  }

  /** The TLS port, when TLS is configured. */
  get sipTlsPort(): number | undefined {
    return this.#ua.tlsPort;
  }

  /** The trunk registration (when trunk.register is on). */
  get registration(): Registration | undefined {
    return this.#registration;
  }

  async start(): Promise<void> {
    await this.#ua.start();
    this.#ua.on('invite', (invite) => void this.#onInvite(invite));
    this.#running = true;
    const trunk = this.options.trunk;
    if (trunk?.register) {
      if (!trunk.username) throw new InvalidDialTargetError('trunk.register needs trunk.username');
      const domain = trunk.domain ?? trunk.proxy.replace(/:\d+$/, '');
      this.#registration = new Registration(
        this.#ua,
        {
          registrar: await this.#ua.resolve(trunk.proxy, trunk.transport),
          aor: `${trunk.transport === 'tls' ? 'sips' : 'sip'}:${trunk.username}@${domain}`,
          expires: trunk.registerExpiresS,
          ...(trunk.password ? { credentials: { username: trunk.username, password: trunk.password } } : {}),
        },
        this.#log,
      );
      // Not fatal: the trunk may come up later; the registration retries on its own.
      await this.#registration.start();
    }
    // Media watchdog: a phone that stopped sending RTP (dropped line, no BYE) is hung up.
    this.#watchdog = setInterval(() => this.#checkMedia(), 1000);
    this.#watchdog.unref();
  }

  async close(): Promise<void> {
    this.#running = false;
    clearInterval(this.#watchdog);
    await this.#registration?.stop();
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
    const local: LocalMedia = {
      sessionId: String(randomInt(1, 2 ** 31)),
      version: 0,
      address: relay.announcedIp,
      port: relay.localPort,
      codecs: offerCodecs(CODECS),
      dtmf: { payloadType: DTMF_PT, clockRate: 8000 },
      // SRTP keys travel in the SDP, so they are offered only where signalling is encrypted (or SRTP is required).
      ...(this.#offerSrtp(uri) ? { crypto: { tag: 1, suite: 'AES_CM_128_HMAC_SHA1_80' as const, key: newMasterKey() } } : {}),
    };
    void this.#runDialOut(leg, relay, uri, local);
    return leg;
  }

  async #runDialOut(leg: PhoneLeg, relay: RtpRelay, uri: string, local: LocalMedia): Promise<void> {
    const trunk = this.options.trunk;
    leg.useRelay(relay);
    let early: NegotiatedAudio | undefined;
    try {
      const { dialog, remoteSdp, response } = await this.#ua.invite({
        target: uri,
        ...(trunk ? { via: trunk.proxy, transport: trunk.transport } : {}),
        ...(trunk?.fromUri ? { fromUri: trunk.fromUri } : {}),
        ...(trunk?.username && trunk.password ? { credentials: { username: trunk.username, password: trunk.password } } : {}),
        sdp: sdpOf(local),
        // RFC 4028: we offer to be the refresher.
        extraHeaders: (h: SipHeaders) => h.append('Session-Expires', `${this.options.sessionExpiresS};refresher=uac`),
        ringTimeoutMs: this.options.ringTimeoutMs,
        onProvisional: (status, provisional) => {
          if (status >= 180) leg.setRinging();
          // RFC 3960 (gateway model): a 183 with SDP carries early media — ringback or an announcement.
          if (status === 183 && provisional.body && !early) {
            try {
              early = negotiate(parseSdp(provisional.body), CODECS);
            } catch {
              return; // early media we cannot play is ignored; the call itself may still work
            }
            if (!this.#applySrtp(relay, local, early.remote)) return;
            relay.configure(early.remote, phoneMedia(early));
            void leg.earlyMedia().catch((error: unknown) => this.#log.warn({ err: error, legId: leg.id }, 'early media failed'));
          }
        },
        signal: leg.signal,
      });
      if (leg.state === 'ended') {
        void dialog.bye();
        return;
      }
      let media: NegotiatedAudio;
      try {
        // RFC 3261 §13.2.1: an answer already given in the 183 need not be repeated in the 2xx.
        media = !remoteSdp && early ? early : negotiate(parseSdp(remoteSdp), CODECS);
        if (!this.#applySrtp(relay, local, media.remote)) throw new NoCommonCodecError();
      } catch (error) {
        void dialog.bye();
        throw error;
      }
      relay.configure(media.remote, phoneMedia(media));
      leg.established(dialog, relay, media.codec.name);
      this.#followDialog(leg, dialog, relay, local, media, sessionRefresher(response.headers.get('session-expires'), 'uac'));
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
    // RFC 4568 §7.1.2: answer SRTP with one crypto line of the offer (our own key); plain RTP only if allowed.
    const theirCrypto = media.remote.profile === 'RTP/SAVP' ? media.remote.crypto[0] : undefined;
    if ((media.remote.profile === 'RTP/SAVP' && (this.options.srtp === 'off' || !theirCrypto)) || (media.remote.profile === 'RTP/AVP' && this.options.srtp === 'required')) {
      return invite.reject(488, 'Not Acceptable Here');
    }
    let relay: RtpRelay;
    try {
      relay = await this.#openRelay();
    } catch {
      return invite.reject(503, 'Service Unavailable');
    }
    relay.configure(media.remote, phoneMedia(media));
    const caller = invite.from;
    const leg = this.#track(new PhoneLeg(entry.room, 'inbound', caller.uri, (caller.displayName ?? 'Phone').slice(0, 80), this.#log), relay);
    const local: LocalMedia = {
      sessionId: String(randomInt(1, 2 ** 31)),
      version: 0,
      address: relay.announcedIp,
      port: relay.localPort,
      codecs: [media.codec],
      ...(media.dtmf ? { dtmf: { payloadType: media.dtmf.payloadType, clockRate: media.dtmf.clockRate } } : {}),
      ...(theirCrypto ? { crypto: { tag: theirCrypto.tag, suite: theirCrypto.suite, key: newMasterKey() } } : {}),
    };
    this.#applySrtp(relay, local, media.remote);
    // RFC 4028 §9: the caller may ask to refresh (refresher=uac); otherwise we do.
    const offered = parseSessionExpires(invite.request.headers.get('session-expires'));
    const interval = Math.max(offered?.seconds ?? this.options.sessionExpiresS, 10);
    const refresherParam = offered?.refresher ?? 'uas';
    invite.once('cancelled', () => leg.end({ reason: 'cancelled' }));
    invite.ringing();
    try {
      const dialog = await invite.accept(sdpOf(local), (h) => {
        h.append('Session-Expires', `${interval};refresher=${refresherParam}`);
        if (/\btimer\b/.test(invite.request.headers.get('supported') ?? '')) h.append('Require', 'timer');
      });
      leg.established(dialog, relay, media.codec.name);
      this.#followDialog(leg, dialog, relay, local, media, { interval, refresher: refresherParam === 'uas' ? 'local' : 'remote' });
    } catch {
      leg.end({ reason: 'failed' });
      return;
    }
    if (leg.state === 'ended') return;
    this.emit('leg', leg);
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

  /** Session timer and mid-call offers (hold/resume, a new address) for an established leg. */
  #followDialog(leg: PhoneLeg, dialog: Dialog, relay: RtpRelay, local: LocalMedia, media: NegotiatedAudio, timer: { interval?: number; refresher: Refresher }): void {
    let current = media;
    dialog.onOffer = (offer) => {
      let remote: AudioDescription;
      let next: NegotiatedAudio;
      try {
        remote = parseSdp(offer);
        // Keep the codec we have if it is still offered (no needless transcoder switch).
        const keep = remote.codecs.some((c) => c.payloadType === current.codec.payloadType && c.name.toLowerCase() === current.codec.name.toLowerCase());
        next = negotiate(remote, keep ? [current.codec.name] : CODECS);
      } catch {
        return undefined; // 488: nothing we can play
      }
      if (!this.#applySrtp(relay, local, remote)) return undefined;
      // RFC 3264 §8.4: sendonly/inactive (or the old c=0.0.0.0) is hold.
      const hold = remote.direction === 'sendonly' || remote.direction === 'inactive' || remote.address === '0.0.0.0';
      if (remote.address !== '0.0.0.0') relay.configure(next.remote, phoneMedia(next));
      leg.setOnHold(hold);
      current = next;
      local.version++;
      local.codecs = [next.codec];
      local.direction = remote.direction === 'sendonly' ? 'recvonly' : remote.direction === 'inactive' ? 'inactive' : 'sendrecv';
      return sdpOf(local);
    };
    const timerS = timer.interval ?? this.options.sessionExpiresS;
    const sessionTimer = new SessionTimer(this.#ua, dialog, timerS, timer.refresher, this.#log);
    leg.onEnd(() => sessionTimer.stop());
  }

  #offerSrtp(uri: string): boolean {
    if (this.options.srtp === 'required') return true;
    const tls = /^sips:/i.test(uri) || /;transport=tls/i.test(uri) || this.options.trunk?.transport === 'tls';
    return this.options.srtp === 'optional' && tls;
  }

  /**
   * Keys the relay for SRTP when our SDP has a crypto line and the far end's answers it
   * (same tag and suite); false when the far end's profile does not match ours.
   */
  #applySrtp(relay: RtpRelay, local: LocalMedia, remote: AudioDescription): boolean {
    if (!local.crypto) {
      relay.setSrtp(undefined);
      return remote.profile === 'RTP/AVP';
    }
    const theirs: SdesCrypto | undefined = remote.crypto.find((c) => c.tag === local.crypto!.tag && c.suite === local.crypto!.suite);
    if (remote.profile !== 'RTP/SAVP' || !theirs) return false;
    relay.setSrtp({ suite: theirs.suite, remoteKey: theirs.key, localKey: local.crypto.key });
    return true;
  }

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

/** Our side of the SDP for one leg; `version` rises with each change (RFC 3264 §8). */
interface LocalMedia {
  sessionId: string;
  version: number;
  address: string;
  port: number;
  codecs: SdpCodec[];
  dtmf?: { payloadType: number; clockRate: number };
  direction?: AudioDescription['direction'];
  crypto?: SdesCrypto;
}

function sdpOf(local: LocalMedia): string {
  return buildSdp({
    address: local.address,
    port: local.port,
    sessionId: local.sessionId,
    version: Number(local.sessionId) + local.version,
    codecs: local.codecs,
    ...(local.dtmf ? { dtmfPayloadType: local.dtmf.payloadType, dtmfClockRate: local.dtmf.clockRate } : {}),
    ...(local.direction ? { direction: local.direction } : {}),
    ...(local.crypto ? { crypto: local.crypto } : {}),
  });
}

/** Who refreshes, from the 2xx's Session-Expires (RFC 4028 §7.2); absent → we do (keep-alive re-INVITEs). */
function sessionRefresher(header: string | undefined, we: 'uac' | 'uas'): { interval?: number; refresher: Refresher } {
  const se = parseSessionExpires(header);
  if (!se) return { refresher: 'local' };
  return { interval: se.seconds, refresher: !se.refresher || se.refresher === we ? 'local' : 'remote' };
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
