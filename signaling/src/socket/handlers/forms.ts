import { ForbiddenError, NotFoundError, UnprocessableError } from '@videoloket/contracts';
import { principalOfSeat } from '../../call/CallAudience';
import { pngFromDataUrl, type FormService } from '../../forms';
import type { HandlerTable } from '../router';

type FormEvents = 'form:templates' | 'form:open' | 'form:fill' | 'form:request-signature' | 'form:sign' | 'form:finalise' | 'form:current' | 'form:pdf';

// Issue 4: the clerk runs the form; the citizen sees it and signs only when asked; the
// interpreter gets nothing ("no documents unless the clerk allows it").
const CLERK = { roles: ['clerk'], admitted: true } as const;
const PARTIES = { roles: ['clerk', 'citizen'], admitted: true } as const;

export function formHandlers(forms: FormService): Pick<HandlerTable, FormEvents> {
  return {
    'form:templates': {
      rule: CLERK,
      async handle() {
        return forms.templates();
      },
    },
    'form:open': {
      rule: CLERK,
      async handle({ call, seat }, payload) {
        if (!('formId' in payload)) throw new UnprocessableError('Opening a PDF from the call documents is not available yet; pick a form template');
        const citizen = call.audience.formParties().find((s) => s.role === 'citizen');
        return forms.open(call.forms, payload.formId, {
          // The name the government login vouched for at booking beats the one typed at the door.
          citizenName: call.session.identityVerified?.name ?? citizen?.displayName,
          clerkName: seat.displayName,
          callDate: today(),
        });
      },
    },
    'form:fill': {
      rule: CLERK,
      handle: ({ call }, { sessionId, values }) => forms.fill(call.forms, sessionId, values),
    },
    'form:request-signature': {
      rule: CLERK,
      async handle({ call }, { sessionId, fieldName, participantId }) {
        const target = call.session.seat(participantId);
        if (!target || target.status !== 'admitted' || !target.connectionId) throw new NotFoundError('That participant is not in the call');
        if (target.role === 'interpreter') throw new ForbiddenError('An interpreter cannot sign');
        forms.requestSignature(call.forms, sessionId, fieldName, participantId);
        return { ok: true as const };
      },
    },
    'form:sign': {
      rule: PARTIES,
      async handle({ call, seat }, payload) {
        const { sessionId, fieldName } = payload;
        const signers = call.audience.formParties().map((s) => s.participantId);
        const mark = 'png' in payload ? pngFromDataUrl(payload.png) : { typedName: payload.typedName };
        return forms.sign(call.forms, sessionId, principalOfSeat(seat, call.id), fieldName, mark, signers);
      },
    },
    'form:finalise': {
      rule: CLERK,
      handle: ({ call, seat }, { sessionId }) => forms.finalise(call.forms, sessionId, principalOfSeat(seat, call.id), call.session.identityVerified?.name),
    },
    'form:current': {
      rule: PARTIES,
      handle: ({ call }) => forms.current(call.forms),
    },
    'form:pdf': {
      rule: PARTIES,
      async handle({ call }, { sessionId }) {
        const { version, finalised, pdf } = await forms.pdf(call.forms, sessionId);
        return { sessionId, version, finalised, pdfBase64: Buffer.from(pdf).toString('base64') };
      },
    },
  };
}

/** dd-mm-jjjj, the date format the forms print. */
function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(now.getDate())}-${pad(now.getMonth() + 1)}-${now.getFullYear()}`;
}
