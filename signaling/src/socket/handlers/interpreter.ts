import { randomUUID } from 'node:crypto';
import { ConflictError } from '@videoloket/contracts';
import type { Call } from '../../call/Call';
import type { CallLinks } from '../../call/CallLinks';
import type { HandlerTable } from '../router';

type InterpreterHandlers = Pick<HandlerTable, 'interpreter:invite' | 'screen:allow' | 'phone:dialOut' | 'phone:openDialIn' | 'phone:hangUp'>;

const clerkOnly = { roles: ['clerk'] as const, admitted: true };
const DEFAULT_VALIDITY_MINUTES = 240;

/**
 * Issue 5: "During a call the clerk clicks 'invite interpreter', picks the language, and
 * gets a link … The clerk can remove the interpreter; the link stops working when the call
 * ends or when revoked." Removal of a seat is call:remove; withdrawing the link (call:withdrawLink,
 * any link) also stops whoever came through it. Screen-share permission lives here too (one clerk panel).
 */
export function interpreterHandlers(deps: { links: CallLinks }): InterpreterHandlers {
  const phone = (call: Call) => {
    if (!call.phone.enabled) throw new ConflictError('Telephony is not enabled on this server (SIP_ENABLED)');
    return call.phone;
  };
  return {
    'phone:dialOut': {
      rule: clerkOnly,
      handle: ({ call }, request) => phone(call).dialOut(request),
    },
    'phone:openDialIn': {
      rule: clerkOnly,
      async handle({ call }, { displayName }) {
        const { extension, pin, uri, expiresAt } = phone(call).openDialIn(displayName ?? 'Tolk (telefoon)');
        return { extension, pin, uri, ...(expiresAt ? { expiresAt } : {}) };
      },
    },
    'phone:hangUp': {
      rule: clerkOnly,
      async handle({ call }, { legId }) {
        phone(call).hangUp(legId);
        return { hungUp: true };
      },
    },
    'interpreter:invite': {
      rule: clerkOnly,
      async handle({ session, logger }, input) {
        const linkId = randomUUID();
        const expiresAt = new Date(Date.now() + (input.validityMinutes ?? DEFAULT_VALIDITY_MINUTES) * 60_000);
        const { url } = await deps.links.create({
          callId: session.callId,
          linkId,
          role: 'interpreter',
          language: input.language,
          ...(input.admitDirectly ? { admitDirectly: true } : {}),
          ...(input.name ? { suggestedName: input.name } : {}),
          expiresAt,
        });
        logger.info({ linkId, language: input.language, admitDirectly: input.admitDirectly }, 'interpreter invited');
        return { linkId, url, language: input.language, admitDirectly: input.admitDirectly, expiresAt: expiresAt.toISOString() };
      },
    },
    'screen:allow': {
      rule: clerkOnly,
      async handle({ call }, { participantId, allowed }) {
        call.session.setScreenShareAllowed(participantId, allowed);
        if (!allowed) await call.media.closeScreenShares(participantId);
        return { participantId, allowed };
      },
    },
  };
}
