import { ConflictError, NotFoundError, type ProducerInfo } from '@videoloket/contracts';
import type { Sfu } from '@videoloket/sfu';
import type { DialInInfo, PhoneLeg, TelephonyAdapter } from '@videoloket/sip-bridge';
import type { Logger } from 'pino';
import type { CounterSession } from './call/CounterSession';

// Issue 5, item 2: "an interpreter on a phone line joins the call's audio". The SIP bridge
// (sip-bridge/, behind TelephonyAdapter) puts the phone's voice into the call's mediasoup
// room as peer `sip:<leg id>`; this module makes that peer visible in the call as an
// interpreter seat (so the browsers consume it and the desk shows a labelled tile), and
// removes the seat when the leg ends. It knows neither express nor Socket.IO.

export interface PhoneLegView {
  legId: string;
  participantId: string;
  state: PhoneLeg['state'];
}

export class Telephony {
  constructor(
    private readonly adapter: TelephonyAdapter | undefined,
    private readonly sfu: Sfu,
    private readonly logger: Logger,
  ) {
    adapter?.on('leg', (leg) => this.pending.get(leg.callId)?.(leg));
  }

  /** Dial-in legs are announced by the adapter; they are matched to their session here. */
  private readonly pending = new Map<string, (leg: PhoneLeg) => void>();

  get enabled(): boolean {
    return this.adapter !== undefined;
  }

  /** "call the interpreter at +32…": the leg starts dialing; its seat appears once connected. */
  async dialOut(session: CounterSession, request: { uri: string; displayName: string }): Promise<PhoneLegView> {
    const adapter = this.require();
    const leg = await adapter.dialOut(this.room(session), request);
    this.follow(session, leg, request.displayName);
    return { legId: leg.id, participantId: leg.peerId, state: leg.state };
  }

  /** A fresh extension + PIN for this call; legs that dial in show up as interpreter seats. */
  openDialIn(session: CounterSession, displayName: string): DialInInfo {
    const adapter = this.require();
    const dialIn = adapter.openDialIn(this.room(session));
    this.pending.set(session.callId, (leg) => this.follow(session, leg, displayName));
    session.on('close', () => {
      dialIn.close();
      this.pending.delete(session.callId);
    });
    const { close: _close, ...info } = dialIn;
    return info;
  }

  hangUp(session: CounterSession, legId: string): void {
    const leg = this.require()
      .legs(session.callId)
      .find((l) => l.id === legId);
    if (!leg) throw new NotFoundError('No such phone line in this call');
    leg.hangUp();
  }

  private follow(session: CounterSession, leg: PhoneLeg, displayName: string): void {
    const log = this.logger.child({ callId: session.callId, legId: leg.id });
    let seated = false;
    // Seated at the answer, or earlier with early media (183), so the clerk hears ringback or
    // the interpreter service's announcement.
    const seatUp = () => {
      if (seated) return;
      seated = true;
      const info = leg.info();
      const producer: ProducerInfo | undefined = info.producerId ? { id: info.producerId, kind: 'audio', source: 'microphone', paused: false } : undefined;
      session.addPhoneSeat(leg.peerId, info.displayName || displayName, producer);
      log.info('phone interpreter connected');
    };
    if (leg.state === 'connected') seatUp();
    else {
      leg.on('connected', seatUp);
      leg.on('early-media', seatUp);
    }
    leg.on('ended', (ended) => {
      session.removePhoneSeat(leg.peerId);
      log.info({ reason: ended.reason }, 'phone interpreter left');
    });
  }

  private room(session: CounterSession) {
    const room = this.sfu.getRoom(session.callId);
    if (!room) throw new ConflictError('The call has no media room (yet)');
    return room;
  }

  private require(): TelephonyAdapter {
    if (!this.adapter) throw new ConflictError('Telephony is not enabled on this server (SIP_ENABLED)');
    return this.adapter;
  }
}
