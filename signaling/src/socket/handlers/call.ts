import { ForbiddenError, UnauthenticatedError } from '@videoloket/contracts';
import { assertNotAnOffice, resemblesClerkName } from '../../call/displayNames';
import type { HandlerTable } from '../router';

type CallHandlers = Pick<
  HandlerTable,
  'call:join' | 'call:admit' | 'call:refuse' | 'call:remove' | 'call:leave' | 'call:end' | 'call:withdrawLink'
>;

const everyone = ['clerk', 'citizen', 'interpreter'] as const;
const clerkOnly = ['clerk'] as const;

export interface CallHandlerDeps {
  /** Every clerk account's display name, to mark look-alike names (issue 9, finding 7). */
  clerkNames: () => string[];
}

export function callHandlers({ clerkNames }: CallHandlerDeps): CallHandlers {
  return {
    'call:join': {
      rule: { roles: everyone, admitted: false },
      async handle({ socket, call, session }, payload) {
        const identity = { ...socket.data.identity };
        if (identity.role !== 'clerk') {
          const name = payload.displayName ?? identity.displayName;
          if (!name) throw new UnauthenticatedError('Please give your name');
          // The name the clerk typed into the invitation is theirs to choose; a name the
          // browser sends is checked.
          if (name !== identity.displayName) assertNotAnOffice(name);
          identity.displayName = name;
          const clerksInCall = session.connectedSeats().filter((s) => s.role === 'clerk').map((s) => s.displayName);
          if (resemblesClerkName(name, [...clerksInCall, ...clerkNames()])) identity.nameResemblesClerk = true;
        }
        // Joining again on the same connection keeps the seat it already has.
        const current = socket.data.participantId ? session.seat(socket.data.participantId) : undefined;
        // Whatever media this seat had belongs to its previous connection: the call drops it.
        // A connection this one replaces is told and closed by the pushes ('replaced').
        const { seat } = session.join(identity, socket.id, current?.resumeKey ?? payload.resumeKey, socket.data.address);
        socket.data.participantId = seat.participantId;
        return {
          self: { participantId: seat.participantId, role: seat.role, status: seat.status },
          call: call.audience.view(seat),
          resumeKey: seat.resumeKey,
          // The server's codec list (the same for every call): a waiting browser prepares its
          // media device while it waits, so admission does not wait for it (bench:join).
          routerRtpCapabilities: call.media.routerRtpCapabilities(),
          chatHistory: seat.status === 'admitted' ? session.chat(seat) : [],
        };
      },
    },
    'call:admit': {
      rule: { roles: clerkOnly, admitted: true },
      async handle({ session }, { participantId }) {
        session.admit(participantId);
        return { admitted: true };
      },
    },
    'call:refuse': {
      rule: { roles: clerkOnly, admitted: true },
      async handle({ session }, { participantId }) {
        session.refuse(participantId);
        return { refused: true };
      },
    },
    'call:remove': {
      rule: { roles: clerkOnly, admitted: true },
      async handle({ session, seat }, { participantId }) {
        if (participantId === seat.participantId) throw new ForbiddenError('Use leave to leave the call yourself');
        session.remove(participantId);
        return { removed: true };
      },
    },
    'call:leave': {
      rule: { roles: everyone, admitted: false },
      async handle({ session, seat }) {
        session.leave(seat.participantId);
        return { left: true };
      },
    },
    'call:end': {
      rule: { roles: clerkOnly, admitted: true },
      async handle({ call, seat }, { outcome }) {
        // Ending closes every connection of the call, this one included; the closing waits
        // until this acknowledgement is on its way (see socket/pushes.ts, 'ended').
        call.close('ended-by-clerk', seat.clerkId ? { clerkId: seat.clerkId, ...(outcome ? { outcome } : {}) } : undefined);
        return { ended: true };
      },
    },
    'call:withdrawLink': {
      rule: { roles: clerkOnly, admitted: true },
      async handle({ session, seat, logger }, { linkId }) {
        const removed = session.withdrawLink(linkId, seat.clerkId);
        logger.info({ linkId, removed: removed.length }, 'link withdrawn');
        return { withdrawn: true, removed: removed.length };
      },
    },
  };
}
