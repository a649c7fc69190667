import { randomUUID } from 'node:crypto';
import { ConflictError } from '@videoloket/contracts';
import type { CallLinks } from '../../call/CallLinks';
import type { CallMediaHub } from '../../call/CallMediaHub';
import type { Seat } from '../../call/Seat';
import type { HandlerTable } from '../router';
import type { Telephony } from '../../telephony';

type InterpreterHandlers = Pick<HandlerTable, 'interpreter:invite' | 'screen:allow' | 'phone:dialOut' | 'phone:openDialIn' | 'phone:hangUp'>;

const clerkOnly = { roles: ['clerk'] as const, admitted: true };
const DEFAULT_VALIDITY_MINUTES = 240;

/**
 * Issue 5: "During a call the clerk clicks 'invite interpreter', picks the language, and
 * gets a link … The clerk can remove the interpreter; the link stops working when the call
 * ends or when revoked." Removal of a seat is call:remove; withdrawing the link (call:withdrawLink,
 * any link) also stops whoever came through it. Screen-share permission lives here too (one clerk panel).
 */
export function interpreterHandlers(deps: { hub: CallMediaHub; links: CallLinks; telephony?: Telephony }): InterpreterHandlers {
  const phone = () => {
    if (!deps.telephony?.enabled) throw new ConflictError('Telephony is not enabled on this server (SIP_ENABLED)');
    return deps.telephony;
  };
  return {
    'phone:dialOut': {
      rule: clerkOnly,
      handle: ({ session }, request) => phone().dialOut(session, request),
    },
    'phone:openDialIn': {
      rule: clerkOnly,
      async handle({ session }, { displayName }) {
        const { extension, pin, uri, expiresAt } = phone().openDialIn(session, displayName ?? 'Tolk (telefoon)');
        return { extension, pin, uri, ...(expiresAt ? { expiresAt } : {}) };
      },
    },
    'phone:hangUp': {
      rule: clerkOnly,
      async handle({ session }, { legId }) {
        phone().hangUp(session, legId);
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
      async handle({ session }, { participantId, allowed }) {
        const seat = session.setScreenShareAllowed(participantId, allowed);
        if (!allowed) await closeScreenShares(deps.hub, session.callId, seat, (id) => session.removeProducer(seat.participantId, id));
        return { participantId, allowed };
      },
    },
  };
}

async function closeScreenShares(hub: CallMediaHub, callId: string, seat: Seat, forget: (producerId: string) => void): Promise<void> {
  const media = hub.find(callId);
  for (const producer of [...seat.producers.values()].filter((p) => p.source === 'screen')) {
    await media?.closeProducer(seat.participantId, producer.id);
    forget(producer.id);
  }
}
