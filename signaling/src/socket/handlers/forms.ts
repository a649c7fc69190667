import { ForbiddenError, NotFoundError, UnprocessableError, type FormState, type Principal } from '@videoloket/contracts';
import type { CounterSession } from '../../call/CounterSession';
import type { Seat } from '../../call/Seat';
import { pngFromDataUrl, type FormRooms } from '../../forms';
import type { HandlerTable } from '../router';
import type { VideoloketSocket } from '../types';

type FormEvents = 'form:templates' | 'form:open' | 'form:fill' | 'form:request-signature' | 'form:sign' | 'form:finalise' | 'form:current' | 'form:pdf';

// Issue 4: the clerk runs the form; the citizen sees it and signs only when asked; the
// interpreter gets nothing ("no documents unless the clerk allows it").
const CLERK = { roles: ['clerk'], admitted: true } as const;
const PARTIES = { roles: ['clerk', 'citizen'], admitted: true } as const;

export function formHandlers(forms: FormRooms): Pick<HandlerTable, FormEvents> {
  return {
    'form:templates': {
      rule: CLERK,
      async handle() {
        return forms.templates();
      },
    },
    'form:open': {
      rule: CLERK,
      async handle({ socket, session, seat }, payload) {
        if (!('formId' in payload)) throw new UnprocessableError('Opening a PDF from the call documents is not available yet; pick a form template');
        const citizen = parties(session).find((s) => s.role === 'citizen');
        const state = await forms.open(session.callId, payload.formId, {
          citizenName: citizen?.displayName,
          clerkName: seat.displayName,
          callDate: today(),
        });
        return pushState(socket, session, forms, state);
      },
    },
    'form:fill': {
      rule: CLERK,
      async handle({ socket, session }, { sessionId, values }) {
        return pushState(socket, session, forms, await forms.fill(session.callId, sessionId, values));
      },
    },
    'form:request-signature': {
      rule: CLERK,
      async handle({ socket, session }, { sessionId, fieldName, participantId }) {
        const target = session.seat(participantId);
        if (!target || target.status !== 'admitted' || !target.connectionId) throw new NotFoundError('That participant is not in the call');
        if (target.role === 'interpreter') throw new ForbiddenError('An interpreter cannot sign');
        const { label } = forms.requestSignature(session.callId, sessionId, fieldName, participantId);
        socket.nsp.to(target.connectionId).emit('form:signature-requested', { sessionId, fieldName, label });
        return { ok: true as const };
      },
    },
    'form:sign': {
      rule: PARTIES,
      async handle({ socket, session, seat }, payload) {
        const { sessionId, fieldName } = payload;
        const signers = parties(session).map((s) => s.participantId);
        const mark = 'png' in payload ? pngFromDataUrl(payload.png) : { typedName: payload.typedName };
        const state = await forms.sign(session.callId, sessionId, principalOf(session, seat), fieldName, mark, signers);
        return pushState(socket, session, forms, state);
      },
    },
    'form:finalise': {
      rule: CLERK,
      async handle({ socket, session, seat }, { sessionId }) {
        return pushState(socket, session, forms, await forms.finalise(session.callId, sessionId, principalOf(session, seat)));
      },
    },
    'form:current': {
      rule: PARTIES,
      async handle({ session }) {
        return forms.stateWithHash(session.callId);
      },
    },
    'form:pdf': {
      rule: PARTIES,
      async handle({ session }, { sessionId }) {
        const { version, finalised, pdf } = await forms.pdf(session.callId, sessionId);
        return { sessionId, version, finalised, pdfBase64: Buffer.from(pdf).toString('base64') };
      },
    },
  };
}

/** Admitted clerks and citizens: the people who see the form and may sign it. */
function parties(session: CounterSession): Seat[] {
  return session.connectedSeats().filter((s) => s.status === 'admitted' && s.role !== 'interpreter');
}

function principalOf(session: CounterSession, seat: Seat): Principal {
  return { role: seat.role, participantId: seat.participantId, displayName: seat.displayName, callId: session.callId };
}

/** Sends the new state to both parties (the PDF itself is fetched with form:pdf by version). */
async function pushState(socket: VideoloketSocket, session: CounterSession, forms: FormRooms, state: FormState): Promise<FormState> {
  const full = (await forms.stateWithHash(session.callId)) ?? state;
  for (const seat of parties(session)) socket.nsp.to(seat.connectionId!).emit('form:state', full);
  return full;
}

/** dd-mm-jjjj, the date format the forms print. */
function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(now.getDate())}-${pad(now.getMonth() + 1)}-${now.getFullYear()}`;
}
