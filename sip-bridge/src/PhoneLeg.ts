import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BridgeRoom } from './media/RoomAudio';
import { RoomAudio } from './media/RoomAudio';
import type { RelayCounters, RtpRelay } from './media/RtpRelay';
import type { AudioCodecName } from './sdp';
import type { Dialog } from './sip/Dialog';
import { TypedEmitter } from '@videoloket/contracts/emitter';

export type PhoneLegState = 'dialing' | 'ringing' | 'awaiting-pin' | 'connected' | 'ended';
export type PhoneLegDirection = 'outbound' | 'inbound';
export type PhoneLegEndReason =
  | 'hung-up' // we hung up (hangUp())
  | 'remote-hung-up' // the phone sent BYE
  | 'failed' // dial-out rejected / unanswered / no common codec
  | 'cancelled' // caller gave up before we answered
  | 'wrong-pin'
  | 'pin-timeout'
  | 'media-timeout' // no RTP from the phone for too long
  | 'session-expired' // RFC 4028: the session refresh failed or never came (far end gone)
  | 'call-ended'; // the video call's room closed

export interface PhoneLegEnded {
  reason: PhoneLegEndReason;
  /** SIP status for 'failed' (e.g. 486 Busy Here, 408 no answer). */
  sipStatus?: number;
}

export interface PhoneLegEvents extends Record<string, unknown[]> {
  /** 180/183 from the far end (outbound). */
  ringing: [];
  /** Early media (183 with SDP): the far end's audio (ringback, announcement) is in the room before the answer. */
  'early-media': [];
  /** Audio flows both ways between the phone and the call. */
  connected: [];
  /**
   * The call's media worker died and the phone is in the call's new router again (a new
   * producer id); the phone itself never noticed. Signalling tells the browsers.
   */
  reattached: [];
  ended: [PhoneLegEnded];
}

/** Plain data for signalling and the clerk's tile. */
export interface PhoneLegInfo {
  id: string;
  callId: string;
  /** The SFU peer id of the phone: `sip:<leg id>`. */
  peerId: string;
  direction: PhoneLegDirection;
  state: PhoneLegState;
  /** Dialled URI (outbound) or the caller's From URI (inbound). */
  remoteUri: string;
  displayName: string;
  codec?: AudioCodecName;
  producerId?: string;
  /** Peers the phone hears, mixed (every other party with audio). */
  hearingPeerIds: string[];
  /** The phone-side media is SRTP (keys by SDES over TLS). */
  srtp: boolean;
  /** The phone put the call on hold (re-INVITE a=sendonly/inactive): it gets no audio until it resumes. */
  onHold: boolean;
  connectedAt?: number;
}

export interface PhoneLegStats extends RelayCounters {
  id: string;
  state: PhoneLegState;
  /** The mediasoup producer's packet count (phone → room), from the worker. */
  producerPackets: number;
  /** Packets the worker sent to the phone's consumers. */
  consumerPackets: number;
  /** Our phone-facing RTP port (the one in our SDP), for diagnostics. */
  rtpPort: number;
}

/**
 * One phone participant in one call. Created by the bridge; signalling keeps
 * it, shows its state, and calls hangUp(). 'ended' is emitted exactly once.
 */
export class PhoneLeg extends TypedEmitter<PhoneLegEvents> {
  readonly id = randomUUID();
  readonly peerId = `sip:${this.id}`;
  #state: PhoneLegState;
  #dialog: Dialog | undefined;
  #relay: RtpRelay | undefined;
  #audio: RoomAudio | undefined;
  #codec: AudioCodecName | undefined;
  #connectedAt: number | undefined;
  #onHold = false;
  #earlyMedia = false;
  #cleanup: Array<() => void> = [];
  readonly #abort = new AbortController();
  readonly #log: Logger;

  protected override listenerFailed(error: unknown, event: string): void {
    this.#log.error({ err: error, event }, 'listener threw');
  }

  constructor(
    readonly room: BridgeRoom,
    readonly direction: PhoneLegDirection,
    readonly remoteUri: string,
    readonly displayName: string,
    logger: Logger,
  ) {
    super();
    this.#state = direction === 'outbound' ? 'dialing' : 'ringing';
    this.#log = logger.child({ component: 'phone-leg', legId: this.id, callId: room.callId, direction });
  }

  get state(): PhoneLegState {
    return this.#state;
  }

  get callId(): string {
    return this.room.callId;
  }

  /** Aborted when the leg ends: cancels a dial-out in progress. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  info(): PhoneLegInfo {
    return {
      id: this.id,
      callId: this.callId,
      peerId: this.peerId,
      direction: this.direction,
      state: this.#state,
      remoteUri: this.remoteUri,
      displayName: this.displayName,
      ...(this.#codec ? { codec: this.#codec } : {}),
      ...(this.#audio?.producerId ? { producerId: this.#audio.producerId } : {}),
      hearingPeerIds: this.#audio?.hearing ?? [],
      onHold: this.#onHold,
      srtp: this.#relay?.srtp ?? false,
      ...(this.#connectedAt ? { connectedAt: this.#connectedAt } : {}),
    };
  }

  async stats(): Promise<PhoneLegStats> {
    const counters = this.#relay?.counters ?? { fromPhone: 0, toRoom: 0, fromRoom: 0, toPhone: 0, dropped: 0, unauthenticated: 0, bytesFromPhone: 0, bytesToPhone: 0 };
    let producerPackets = 0;
    let consumerPackets = 0;
    if (!this.room.closed && this.#audio) {
      const s = await this.room.getStats();
      producerPackets = s.producers.filter((p) => p.peerId === this.peerId).reduce((n, p) => n + p.packetCount, 0);
      consumerPackets = s.consumers.filter((c) => c.peerId === this.peerId).reduce((n, c) => n + c.packetCount, 0);
    }
    return { id: this.id, state: this.#state, ...counters, producerPackets, consumerPackets, rtpPort: this.#relay?.localPort ?? 0 };
  }

  /** Hangs up (BYE, or CANCEL while dialing) and removes the phone from the call. Safe to call twice. */
  hangUp(): void {
    this.end({ reason: 'hung-up' });
  }

  // ---- used by SipBridge ------------------------------------------------

  /** @internal */
  setRinging(): void {
    if (this.#state === 'dialing') {
      this.#state = 'ringing';
      this.emit('ringing');
    }
  }

  /** @internal The SIP dialog exists; media is set up but gated. */
  established(dialog: Dialog, relay: RtpRelay, codec: AudioCodecName): void {
    this.#dialog = dialog;
    this.#relay = relay;
    this.#codec = codec;
    dialog.on('terminated', (why) => {
      if (why === 'remote-bye') this.end({ reason: 'remote-hung-up' });
      else if (why === 'session-expired') this.end({ reason: 'session-expired' });
      else if (why !== 'local-bye') this.end({ reason: 'failed' });
    });
  }

  /** @internal The relay that carries early media before there is a dialog. */
  useRelay(relay: RtpRelay): void {
    this.#relay = relay;
  }

  /** @internal Hold/resume from a re-INVITE. */
  setOnHold(onHold: boolean): void {
    if (onHold !== this.#onHold) this.#log.info({ onHold }, onHold ? 'phone put the call on hold' : 'phone resumed the call');
    this.#onHold = onHold;
    this.#relay?.setSendToPhone(!onHold);
  }

  /** @internal 183 with SDP: the far end's audio goes into the room while it still rings. */
  async earlyMedia(): Promise<void> {
    if (this.#state === 'ended' || !this.#relay || this.#earlyMedia) return;
    this.#earlyMedia = true;
    await this.#attach();
    if ((this.#state as PhoneLegState) === 'ended') return;
    this.#relay.openToRoom();
    this.#log.info('early media from the far end');
    this.emit('early-media');
  }

  async #attach(): Promise<void> {
    if (this.#audio) return;
    const audio = new RoomAudio(this.room, this.peerId, this.#relay!, this.#log, () => {
      if (this.#state !== 'ended') this.emit('reattached');
    });
    this.#audio = audio;
    await audio.attach();
    // hangUp() may have run while we awaited the SFU.
    if ((this.#state as PhoneLegState) === 'ended') audio.detach();
  }

  /** @internal */
  awaitingPin(): void {
    this.#state = 'awaiting-pin';
  }

  /** @internal Attaches the phone to the room and opens the relay's gates. */
  async connect(): Promise<void> {
    if (this.#state === 'ended' || !this.#relay) return;
    await this.#attach();
    if ((this.#state as PhoneLegState) === 'ended') return;
    this.#relay.openGates();
    this.#state = 'connected';
    this.#connectedAt = Date.now();
    this.#log.info({ codec: this.#codec }, 'phone leg connected');
    this.emit('connected');
  }

  /** @internal Run on end (timers, listeners). */
  onEnd(fn: () => void): void {
    this.#cleanup.push(fn);
  }

  /** @internal */
  end(ended: PhoneLegEnded): void {
    if (this.#state === 'ended') return;
    this.#state = 'ended';
    this.#abort.abort();
    for (const fn of this.#cleanup.splice(0)) fn();
    if (this.#dialog && !this.#dialog.terminated) void this.#dialog.bye();
    this.#audio?.detach();
    this.#relay?.close();
    this.#log.info({ reason: ended.reason, sipStatus: ended.sipStatus }, 'phone leg ended');
    this.emit('ended', ended);
  }
}
