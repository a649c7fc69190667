import { ConflictError, NotFoundError } from '@videoloket/contracts';
import type { MediaRoom } from '@videoloket/sfu';
import type { DialIn, DialInInfo, PhoneLeg, TelephonyAdapter } from '@videoloket/sip-bridge';
import type { Logger } from 'pino';
import type { CounterSession } from './call/CounterSession';

// Issue 5, item 2: "an interpreter on a phone line joins the call's audio". The SIP bridge
// (sip-bridge/, behind TelephonyAdapter) puts the phone's voice into the call's mediasoup
// room as peer `sip:<leg id>`; PhoneLines makes that peer visible in the call as an
// interpreter seat (so the browsers consume it and the desk shows a labelled tile), removes
// the seat when the leg ends, and hangs every leg up when the call closes. One PhoneLines
// per Call; it knows neither express nor Socket.IO.

export interface PhoneLegView {
  legId: string;
  participantId: string;
  state: PhoneLeg['state'];
}

export class PhoneLines {
  readonly #legs = new Set<PhoneLeg>();
  #dialIn: { info: DialIn; displayName: string } | undefined;
  #closed = false;

  constructor(
    private readonly adapter: TelephonyAdapter | undefined,
    private readonly room: MediaRoom,
    private readonly session: CounterSession,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.adapter !== undefined;
  }

  /** Legs not yet ended. */
  get legs(): PhoneLeg[] {
    return [...this.#legs];
  }

  /** "call the interpreter at +32…": the leg starts dialing; its seat appears once connected. */
  async dialOut(request: { uri: string; displayName: string }): Promise<PhoneLegView> {
    const adapter = this.#require();
    const leg = await adapter.dialOut(this.room, request);
    this.#follow(leg, request.displayName);
    return { legId: leg.id, participantId: leg.peerId, state: leg.state };
  }

  /** A fresh extension + PIN for this call; legs that dial in show up as interpreter seats. */
  openDialIn(displayName: string): DialInInfo {
    const adapter = this.#require();
    this.#dialIn?.info.close();
    const dialIn = adapter.openDialIn(this.room);
    this.#dialIn = { info: dialIn, displayName };
    const { close: _close, ...info } = dialIn;
    return info;
  }

  /** A leg the adapter announced for this call: seated when the call opened a dial-in. */
  adopt(leg: PhoneLeg): void {
    if (!this.#dialIn || this.#closed) return;
    this.#follow(leg, this.#dialIn.displayName);
  }

  hangUp(legId: string): void {
    const leg = [...this.#legs].find((l) => l.id === legId);
    if (!leg) throw new NotFoundError('No such phone line in this call');
    leg.hangUp();
  }

  /** The call is over: no more dial-in, every leg hung up. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#dialIn?.info.close();
    this.#dialIn = undefined;
    for (const leg of [...this.#legs]) leg.hangUp();
  }

  #follow(leg: PhoneLeg, displayName: string): void {
    if (this.#closed) return leg.hangUp();
    const log = this.logger.child({ legId: leg.id });
    this.#legs.add(leg);
    let seated = false;
    // Seated at the answer, or earlier with early media (183), so the clerk hears ringback or
    // the interpreter service's announcement.
    const seatUp = () => {
      if (seated || this.#closed) return;
      seated = true;
      this.session.addPhoneSeat(leg.peerId, leg.info().displayName || displayName);
      log.info('phone interpreter connected');
    };
    if (leg.state === 'connected') seatUp();
    else {
      leg.on('connected', seatUp);
      leg.on('early-media', seatUp);
    }
    // Its new producer reaches the browsers through the room ('newproducer' → call:state).
    leg.on('reattached', () => log.info('phone interpreter back in the call after a media worker loss'));
    leg.on('ended', (ended) => {
      this.#legs.delete(leg);
      if (!this.#closed) this.session.removePhoneSeat(leg.peerId);
      log.info({ reason: ended.reason }, 'phone interpreter left');
    });
  }

  #require(): TelephonyAdapter {
    if (!this.adapter) throw new ConflictError('Telephony is not enabled on this server (SIP_ENABLED)');
    return this.adapter;
  }
}
