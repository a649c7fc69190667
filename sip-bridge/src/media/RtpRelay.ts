import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { NoRtpPortError } from '../errors';
import type { Endpoint } from '../sip/Dialog';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import type { AudioCodecName } from '../sdp';
import { FRAME_MS, OpusCodec, phoneCodec, type PcmCodec } from './codecs';
import { RoomMix } from './RoomMix';
import { SrtpContext, type SrtpSuite } from './srtp';
import { buildRtp, dtmfEnd, isRtp, payloadOffset, payloadType, rewrite, sequence, ssrc, timestamp } from './rtp';

// The bridge's own RTP hop between the phone and the SFU. Why not point the
// phone straight at mediasoup's PlainTransports:
// - one address/port in our SDP for both directions (symmetric RTP, RFC
//   4961), which trunks and NATs expect; mediasoup needs two transports;
// - the phone may speak G.711 while the room speaks Opus: phone → room is
//   transcoded here (G.711 → PCM → Opus at 8 kHz), an Opus phone is passed
//   through with its SSRC rewritten to the one the producer declared;
// - the phone hears a mix of every other party (RoomMix), encoded once in the
//   phone's codec and sent as one continuous stream on our own 20 ms clock;
// - RFC 4733 DTMF (the dial-in PIN) is read here, and media is held back
//   both ways until the PIN is right;
// - packet counters for both directions, and a silence timeout.

export interface RtpRelayOptions {
  /** Phone-facing bind address and the address we announce in SDP. */
  listenIp: string;
  announcedIp: string;
  portMin: number;
  portMax: number;
  /** Where the SFU's PlainTransports listen (usually 127.0.0.1). */
  innerIp: string;
}

export interface RelayCounters {
  /** RTP packets received from the phone (audio + DTMF). */
  fromPhone: number;
  /** Phone audio packets forwarded to the SFU. */
  toRoom: number;
  /** RTP packets received from the SFU. */
  fromRoom: number;
  /** Packets sent to the phone. */
  toPhone: number;
  /** Packets dropped: from an unexpected source, not RTP, failing SRTP authentication, or while gated. */
  dropped: number;
  /** Of those, SRTP packets whose authentication tag did not verify (forged or corrupt). */
  unauthenticated: number;
  bytesFromPhone: number;
  bytesToPhone: number;
}

export interface RtpRelayEvents extends Record<string, unknown[]> {
  dtmf: [digit: string];
}

/** What the SDP negotiated for the phone's side. */
export interface PhoneMedia {
  codec: AudioCodecName;
  payloadType: number;
  dtmfPayloadType?: number;
}

/** The Opus payload type of the phone's producer when the phone speaks G.711 (any dynamic PT works). */
const ROOM_OPUS_PT = 111;

export class RtpRelay extends TypedEmitter<RtpRelayEvents> {
  readonly producerSsrc = randomInt(1, 2 ** 31);
  readonly #outSsrc = randomInt(1, 2 ** 31);
  readonly #options: RtpRelayOptions;
  #outer: dgram.Socket | undefined;
  #inner: dgram.Socket | undefined;
  #phone: Endpoint | undefined;
  #latched = false;
  #room: Endpoint | undefined;
  #media: PhoneMedia | undefined;
  #lastDtmfTs = -1;
  #toRoomOpen = false;
  #toPhoneOpen = false;
  // SRTP on the phone side (SDES keys from SDP): theirs to decrypt, ours to encrypt.
  #srtpIn: SrtpContext | undefined;
  #srtpOut: SrtpContext | undefined;
  /** While on hold (a=sendonly/inactive from the phone) the phone gets no audio. */
  #sendToPhone = true;
  readonly counters: RelayCounters = { fromPhone: 0, toRoom: 0, fromRoom: 0, toPhone: 0, dropped: 0, unauthenticated: 0, bytesFromPhone: 0, bytesToPhone: 0 };
  lastPhonePacketAt = 0;
  // Room → phone: the mix, the phone's encoder, our output stream and its clock.
  #mix: RoomMix | undefined;
  #encoder: PcmCodec | undefined;
  #outSeq = randomInt(0, 0x8000);
  #outTs = randomInt(0, 2 ** 31);
  #firstOut = true;
  #clock: NodeJS.Timeout | undefined;
  // Phone → room for G.711: decoder, PCM queue with the phone timestamp of its first sample, Opus encoder.
  #upDecoder: PcmCodec | undefined;
  #upEncoder: OpusCodec | undefined;
  #upQueue: Int16Array[] = [];
  #upQueued = 0;
  #upQueueTs = 0;
  #upSeq = randomInt(0, 0x8000);
  #upTs = randomInt(0, 2 ** 31);
  #upTs0: number | undefined;

  constructor(options: RtpRelayOptions) {
    super();
    this.#options = options;
  }

  async open(): Promise<void> {
    this.#outer = await this.#bindInRange();
    this.#outer.on('message', (packet, rinfo) => this.#fromPhone(packet, { address: rinfo.address, port: rinfo.port }));
    const inner = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      inner.once('error', reject);
      inner.bind(0, this.#options.innerIp, () => resolve());
    });
    inner.on('message', (packet) => this.#fromRoom(packet));
    inner.on('error', () => undefined);
    this.#inner = inner;
  }

  /** The phone-facing address for our SDP. */
  get localPort(): number {
    return this.#outer?.address().port ?? 0;
  }

  get announcedIp(): string {
    return this.#options.announcedIp;
  }

  /** Where the SFU's recv PlainTransport must send (connectPlainTransport). */
  get innerEndpoint(): Endpoint {
    const a = this.#inner!.address();
    return { address: a.address, port: a.port };
  }

  /** Payload type of the phone's Opus producer in the room: the phone's own when it speaks Opus. */
  get roomPayloadType(): number {
    return this.#media?.codec === 'opus' ? this.#media.payloadType : ROOM_OPUS_PT;
  }

  /** Streams mixed for the phone right now. */
  get mixedSources(): number {
    return this.#mix?.activeSources ?? 0;
  }

  /** The phone's address and negotiated media (again on a re-INVITE that changes them). */
  configure(phone: Endpoint, media: PhoneMedia): void {
    // Latch again on every (re)negotiation: early media and the answer's media may come from different ports.
    this.#phone = { address: phone.address, port: phone.port };
    this.#latched = false;
    if (this.#media?.codec !== media.codec) {
      this.#closeCodecs();
      this.#encoder = phoneCodec(media.codec);
      this.#mix = new RoomMix(this.#encoder.sampleRate as 8000 | 48000, (this.#encoder.sampleRate * FRAME_MS) / 1000);
      if (media.codec !== 'opus') {
        this.#upDecoder = phoneCodec(media.codec);
        this.#upEncoder = new OpusCodec(8000);
      }
    }
    this.#media = media;
  }

  /** SRTP keys (RFC 4568): the phone's to decrypt what it sends, ours to encrypt what we send. */
  setSrtp(keys: { suite: SrtpSuite; remoteKey: string; localKey: string } | undefined): void {
    this.#srtpIn = keys ? new SrtpContext(keys.suite, keys.remoteKey) : undefined;
    this.#srtpOut = keys ? new SrtpContext(keys.suite, keys.localKey) : undefined;
  }

  /** True when the phone side is SRTP. */
  get srtp(): boolean {
    return this.#srtpIn !== undefined;
  }

  /** The SFU's send PlainTransport (comedia: it learns our inner address from the first packet). */
  setRoomTarget(room: Endpoint | undefined): void {
    this.#room = room;
  }

  /** Lets audio cross both ways (after the PIN) and starts the phone's 20 ms clock. */
  openGates(): void {
    this.openToRoom();
    if (this.#toPhoneOpen) return;
    this.#toPhoneOpen = true;
    this.#startClock();
  }

  /** Early media (a 183 before the answer): the far end's audio reaches the room, nothing goes back yet. */
  openToRoom(): void {
    this.#toRoomOpen = true;
  }

  /** Hold (RFC 3264 §8.4): the phone said sendonly/inactive, so it gets nothing until it resumes. */
  setSendToPhone(send: boolean): void {
    this.#sendToPhone = send;
  }

  close(): void {
    clearTimeout(this.#clock);
    this.#clock = undefined;
    this.#outer?.close();
    this.#inner?.close();
    this.#outer = undefined;
    this.#inner = undefined;
    this.#closeCodecs();
  }

  #closeCodecs(): void {
    this.#mix?.close();
    this.#encoder?.close();
    this.#upDecoder?.close();
    this.#upEncoder?.close();
    this.#mix = this.#encoder = this.#upDecoder = this.#upEncoder = undefined;
    this.#upQueue = [];
    this.#upQueued = 0;
  }

  #fromPhone(received: Buffer, from: Endpoint): void {
    // Only the address the phone's SDP named may feed this call (§ security in docs/sip-bridge.md);
    // its port is latched from the first packet (symmetric RTP behind NAT).
    if (!this.#phone || !this.#media || from.address !== this.#phone.address || !isRtp(received)) {
      this.counters.dropped++;
      return;
    }
    // With SRTP a packet whose tag does not verify is dropped before anything reads it (RFC 3711 §3.3).
    const packet = this.#srtpIn ? this.#srtpIn.unprotect(received) : received;
    if (!packet) {
      this.counters.dropped++;
      this.counters.unauthenticated++;
      return;
    }
    if (!this.#latched) {
      this.#phone = from;
      this.#latched = true;
    } else if (from.port !== this.#phone.port) {
      this.counters.dropped++;
      return;
    }
    this.counters.fromPhone++;
    this.counters.bytesFromPhone += received.length;
    this.lastPhonePacketAt = Date.now();
    const pt = payloadType(packet);
    if (pt === this.#media.dtmfPayloadType) {
      const end = dtmfEnd(packet);
      // RFC 4733 §2.5.1.4: the end packet is sent three times; one digit per event timestamp.
      if (end && end.timestamp !== this.#lastDtmfTs) {
        this.#lastDtmfTs = end.timestamp;
        this.emit('dtmf', end.digit);
      }
      return;
    }
    if (pt !== this.#media.payloadType || !this.#toRoomOpen || !this.#room || !this.#inner) {
      this.counters.dropped++;
      return;
    }
    if (this.#media.codec === 'opus') {
      rewrite(packet, { ssrc: this.producerSsrc });
      this.#toRoom(packet);
      return;
    }
    this.#transcodeUp(packet);
  }

  /** G.711 from the phone → 20 ms Opus frames to the producer, timestamps following the phone's (gaps kept). */
  #transcodeUp(packet: Buffer): void {
    const decoder = this.#upDecoder!;
    const encoder = this.#upEncoder!;
    const pcm = decoder.decode(packet.subarray(payloadOffset(packet)));
    const ts = timestamp(packet);
    if (this.#upTs0 === undefined) this.#upTs0 = ts;
    if (this.#upQueued > 0 && ts !== ((this.#upQueueTs + this.#upQueued) >>> 0)) {
      // Discontinuity (loss, silence suppression): the partial frame is dropped.
      this.#upQueue = [];
      this.#upQueued = 0;
    }
    if (this.#upQueued === 0) this.#upQueueTs = ts;
    this.#upQueue.push(pcm);
    this.#upQueued += pcm.length;
    const frame = (decoder.sampleRate * FRAME_MS) / 1000;
    while (this.#upQueued >= frame) {
      const samples = new Int16Array(frame);
      let filled = 0;
      while (filled < frame) {
        const head = this.#upQueue[0]!;
        const n = Math.min(head.length, frame - filled);
        samples.set(head.subarray(0, n), filled);
        filled += n;
        if (n === head.length) this.#upQueue.shift();
        else this.#upQueue[0] = head.subarray(n);
      }
      // RFC 7587 §4.1: the Opus RTP clock is 48 kHz; 8 kHz phone ticks × 6.
      const outTs = (this.#upTs + (this.#upQueueTs - this.#upTs0) * (48000 / decoder.sampleRate)) >>> 0;
      this.#upQueueTs = (this.#upQueueTs + frame) >>> 0;
      this.#upQueued -= frame;
      const opus = buildRtp({ payloadType: ROOM_OPUS_PT, sequence: this.#upSeq++ & 0xffff, timestamp: outTs, ssrc: this.producerSsrc }, encoder.encode(samples));
      this.#toRoom(opus);
    }
  }

  #toRoom(packet: Buffer): void {
    this.#inner!.send(packet, this.#room!.port, this.#room!.address);
    this.counters.toRoom++;
  }

  #fromRoom(packet: Buffer): void {
    if (!isRtp(packet)) return; // RTCP from the SFU stays on our side (see docs: RTCP).
    this.counters.fromRoom++;
    if (!this.#toPhoneOpen || !this.#mix) {
      this.counters.dropped++;
      return;
    }
    this.#mix.push(ssrc(packet), sequence(packet), packet.subarray(payloadOffset(packet)));
  }

  /**
   * One frame to the phone every 20 ms, on a clock that catches up with wall time (setTimeout
   * drifts under load); more than 5 frames behind, it resynchronises instead of bursting.
   */
  #startClock(): void {
    let due = performance.now();
    const tick = () => {
      const now = performance.now();
      if (now - due > 5 * FRAME_MS) due = now;
      while (due <= now) {
        this.#sendFrame();
        due += FRAME_MS;
      }
      this.#clock = setTimeout(tick, Math.max(1, due - performance.now()));
    };
    tick();
  }

  #sendFrame(): void {
    if (!this.#mix || !this.#encoder || !this.#media || !this.#phone || !this.#outer) return;
    const frame = this.#mix.next();
    const seq = this.#outSeq;
    const ts = this.#outTs;
    this.#outSeq = (this.#outSeq + 1) & 0xffff;
    this.#outTs = (this.#outTs + (this.#encoder.rtpClockRate * FRAME_MS) / 1000) >>> 0;
    if (!this.#sendToPhone) return;
    const rtp = buildRtp(
      // RFC 3551 §4.1: marker on the first packet of the stream.
      { payloadType: this.#media.payloadType, sequence: seq, timestamp: ts, ssrc: this.#outSsrc, marker: this.#firstOut },
      this.#encoder.encode(frame),
    );
    const packet = this.#srtpOut ? this.#srtpOut.protect(rtp) : rtp;
    this.#firstOut = false;
    this.#outer.send(packet, this.#phone.port, this.#phone.address);
    this.counters.toPhone++;
    this.counters.bytesToPhone += packet.length;
  }

  async #bindInRange(): Promise<dgram.Socket> {
    const { portMin, portMax, listenIp } = this.#options;
    // RFC 3550 §11: RTP on an even port. Random start so concurrent legs rarely collide.
    const evens = Math.floor((portMax - portMin) / 2) + 1;
    const start = randomInt(0, evens);
    for (let i = 0; i < Math.min(evens, 50); i++) {
      const port = portMin + 2 * ((start + i) % evens);
      const socket = dgram.createSocket('udp4');
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('error', () => resolve(false));
        socket.bind(port, listenIp, () => resolve(true));
      });
      if (ok) {
        socket.on('error', () => undefined);
        return socket;
      }
      socket.close();
    }
    throw new NoRtpPortError(portMin, portMax);
  }
}
