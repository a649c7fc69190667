import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { NoRtpPortError } from '../errors';
import type { Endpoint } from '../sip/Dialog';
import { TypedEmitter } from '@videoloket/sfu';
import { dtmfEnd, isRtp, payloadType, rewrite, sequence, ssrc, timestamp } from './rtp';

// The bridge's own RTP hop between the phone and the SFU. Why not point the
// phone straight at mediasoup's PlainTransports:
// - one address/port in our SDP for both directions (symmetric RTP, RFC
//   4961), which trunks and NATs expect; mediasoup needs two transports;
// - the phone's SSRC is unknown before its first packet and may change on a
//   re-INVITE: we rewrite it to the SSRC the producer declared;
// - the SFU sends the phone one consumer at a time; switching speakers would
//   change SSRC/sequence/timestamp mid-stream, which many phones treat as
//   loss: we rewrite them into one continuous stream;
// - RFC 4733 DTMF (the dial-in PIN) is read here, and media is held back
//   from the room until the PIN is right;
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
  /** Packets dropped: from an unexpected source, not RTP, or while gated. */
  dropped: number;
  bytesFromPhone: number;
  bytesToPhone: number;
}

export interface RtpRelayEvents extends Record<string, unknown[]> {
  dtmf: [digit: string];
}

export class RtpRelay extends TypedEmitter<RtpRelayEvents> {
  readonly producerSsrc = randomInt(1, 2 ** 31);
  readonly #outSsrc = randomInt(1, 2 ** 31);
  readonly #options: RtpRelayOptions;
  #outer: dgram.Socket | undefined;
  #inner: dgram.Socket | undefined;
  #phone: Endpoint | undefined;
  #latched = false;
  #room: Endpoint | undefined;
  #audioPt = -1;
  #dtmfPt = -1;
  #lastDtmfTs = -1;
  #clockPerPacket = 960;
  /** Gates: nothing crosses before the leg says so (PIN entry). */
  forwardToRoom = false;
  forwardToPhone = false;
  readonly counters: RelayCounters = { fromPhone: 0, toRoom: 0, fromRoom: 0, toPhone: 0, dropped: 0, bytesFromPhone: 0, bytesToPhone: 0 };
  lastPhonePacketAt = 0;
  // Output stream state towards the phone (one SSRC, continuous seq/ts).
  #srcSsrc = -1;
  #seqOffset = 0;
  #tsOffset = 0;
  #lastOutSeq = randomInt(0, 0x8000);
  #lastOutTs = randomInt(0, 2 ** 31);
  #started = false;

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

  /** The phone's audio payload type, its DTMF payload type, and samples per 20 ms. */
  configure(phone: Endpoint, audioPt: number, dtmfPt: number | undefined, clockRate: number): void {
    this.#phone = phone;
    this.#audioPt = audioPt;
    this.#dtmfPt = dtmfPt ?? -1;
    this.#clockPerPacket = Math.round(clockRate / 50);
  }

  /** The SFU's send PlainTransport (comedia: it learns our inner address from the first packet). */
  setRoomTarget(room: Endpoint | undefined): void {
    this.#room = room;
  }

  close(): void {
    this.#outer?.close();
    this.#inner?.close();
    this.#outer = undefined;
    this.#inner = undefined;
  }

  #fromPhone(packet: Buffer, from: Endpoint): void {
    // Only the address the phone's SDP named may feed this call (§ security in docs/sip-bridge.md);
    // its port is latched from the first packet (symmetric RTP behind NAT).
    if (!this.#phone || from.address !== this.#phone.address || !isRtp(packet)) {
      this.counters.dropped++;
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
    this.counters.bytesFromPhone += packet.length;
    this.lastPhonePacketAt = Date.now();
    const pt = payloadType(packet);
    if (pt === this.#dtmfPt) {
      const end = dtmfEnd(packet);
      // RFC 4733 §2.5.1.4: the end packet is sent three times; one digit per event timestamp.
      if (end && end.timestamp !== this.#lastDtmfTs) {
        this.#lastDtmfTs = end.timestamp;
        this.safeEmit('dtmf', [end.digit], () => undefined);
      }
      return;
    }
    if (pt !== this.#audioPt || !this.forwardToRoom || !this.#room || !this.#inner) {
      this.counters.dropped++;
      return;
    }
    rewrite(packet, { ssrc: this.producerSsrc });
    this.#inner.send(packet, this.#room.port, this.#room.address);
    this.counters.toRoom++;
  }

  #fromRoom(packet: Buffer): void {
    if (!isRtp(packet)) return; // RTCP from the SFU stays on our side (see docs: RTCP).
    this.counters.fromRoom++;
    if (!this.forwardToPhone || !this.#phone || !this.#outer) {
      this.counters.dropped++;
      return;
    }
    const inSsrc = ssrc(packet);
    const inSeq = sequence(packet);
    const inTs = timestamp(packet);
    let marker: boolean | undefined;
    if (inSsrc !== this.#srcSsrc) {
      // New source (speaker switch): continue our sequence and timestamp where we left off.
      this.#srcSsrc = inSsrc;
      const nextSeq = this.#started ? this.#lastOutSeq + 1 : this.#lastOutSeq;
      const nextTs = this.#started ? this.#lastOutTs + this.#clockPerPacket : this.#lastOutTs;
      this.#seqOffset = (nextSeq - inSeq) & 0xffff;
      this.#tsOffset = (nextTs - inTs) >>> 0;
      marker = true; // RFC 3551 §4.1: marker on the first packet after a talkspurt/discontinuity
      this.#started = true;
    }
    const outSeq = (inSeq + this.#seqOffset) & 0xffff;
    const outTs = (inTs + this.#tsOffset) >>> 0;
    // Late packets of an old stream keep their place; only advance on newer ones.
    if (((outSeq - this.#lastOutSeq) & 0xffff) < 0x8000) {
      this.#lastOutSeq = outSeq;
      this.#lastOutTs = outTs;
    }
    rewrite(packet, { ssrc: this.#outSsrc, sequence: outSeq, timestamp: outTs, payloadType: this.#audioPt, ...(marker ? { marker } : {}) });
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
