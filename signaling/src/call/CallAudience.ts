import type { CallView, DocumentSummary, ParticipantView, Principal, ProducerInfo } from '@videoloket/contracts';
import { canList } from '@videoloket/storage';
import type { CounterSession } from './CounterSession';
import type { Seat } from './Seat';

export function principalOfSeat(seat: Seat, callId: string): Principal {
  return { role: seat.role, participantId: seat.participantId, displayName: seat.displayName, callId };
}

/**
 * "Who in this call may see this": the one answer for every push and check of a call.
 * Waiting seats see only themselves and the clerks' names (no media, no chat, no form, no
 * documents); admitted seats see the call; interpreters see the form and documents only as
 * far as the clerk shared them (documents: storage's canList; forms: never, issue 4).
 */
export class CallAudience {
  constructor(
    private readonly session: CounterSession,
    private readonly producersOf: (participantId: string) => ProducerInfo[],
  ) {}

  /** Connected seats, whatever their status: each gets its own view of the call. */
  connected(): Seat[] {
    return this.session.connectedSeats();
  }

  /** Connected admitted seats: chat, the active speaker, media restarts. */
  admitted(): Seat[] {
    return this.connected().filter((s) => s.status === 'admitted');
  }

  /** Connected admitted clerks and citizens: the people who see the form and may sign it. */
  formParties(): Seat[] {
    return this.admitted().filter((s) => s.role !== 'interpreter');
  }

  /** Connected admitted seats that may list `doc` (its uploader, the clerk, whom it was shared with). */
  documentAudience(doc: DocumentSummary): Seat[] {
    return this.admitted().filter((s) => canList(principalOfSeat(s, this.session.callId), doc));
  }

  /** May this seat principal reach the call's documents over HTTP right now? Only an admitted seat of its own role. */
  admitsDocumentsFor(principal: Principal): boolean {
    const seat = this.session.seat(principal.participantId);
    return !!seat && seat.status === 'admitted' && seat.role === principal.role && principal.callId === this.session.callId;
  }

  /** The call as `viewer` may see it. */
  view(viewer: Seat): CallView {
    const admitted = viewer.status === 'admitted';
    const visible = this.session.allSeats().filter((s) => admitted || s === viewer || s.role === 'clerk');
    return {
      callId: this.session.callId,
      title: this.session.title,
      status: this.session.status,
      participants: visible.map((s) => this.#participant(s, admitted, viewer.role === 'clerk')),
      ...(viewer.role === 'clerk' && this.session.identityVerified ? { identityVerified: this.session.identityVerified } : {}),
    };
  }

  #participant(seat: Seat, withMedia: boolean, forClerk: boolean): ParticipantView {
    return {
      id: seat.participantId,
      role: seat.role,
      displayName: seat.displayName,
      status: seat.status,
      connected: seat.connectionId !== undefined || seat.phone === true,
      producers: withMedia && seat.status === 'admitted' ? this.producersOf(seat.participantId) : [],
      ...(withMedia && seat.connectionQuality ? { connectionQuality: seat.connectionQuality } : {}),
      ...(seat.language ? { language: seat.language } : {}),
      ...(seat.screenShareAllowed ? { screenShareAllowed: true } : {}),
      ...(seat.nameResemblesClerk ? { nameResemblesClerk: true as const } : {}),
      ...(forClerk && seat.linkId ? { linkId: seat.linkId } : {}),
      ...(forClerk && seat.linkAlreadyUsed ? { linkAlreadyUsed: true as const } : {}),
      ...(forClerk && seat.status === 'waiting' && seat.waitingSince !== undefined ? { waitingSince: new Date(seat.waitingSince).toISOString() } : {}),
    };
  }
}
