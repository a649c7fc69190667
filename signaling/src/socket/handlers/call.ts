import { ForbiddenError, UnauthenticatedError } from '@videoloket/contracts';
import type { CallMediaHub } from '../../call/CallMediaHub';
import { assertNotAnOffice, resemblesClerkName } from '../../call/displayNames';
import type { HandlerTable } from '../router';

type CallHandlers = Pick<
  HandlerTable,
  'call:join' | 'call:admit' | 'call:refuse' | 'call:remove' | 'call:leave' | 'call:end' | 'call:withdrawLink'
>;

const everyone = ['clerk', 'citizen', 'interpreter'] as const;
const clerkOnly = ['clerk'] as const;

export interface CallHandlerDeps {
  hub: CallMediaHub;
  /** Closes a connection a newer one of the same seat replaced. */
  onReplaced: (connectionId: string) => void;
  /** Every clerk account's display name, to mark look-alike names (issue 9, finding 7). */
  clerkNames: () => string[];
}

export function callHandlers({ hub, onReplaced, clerkNames }: CallHandlerDeps): CallHandlers {
  return {
    'call:join': {
      rule: { roles: everyone, admitted: false },
      async handle({ socket, session }, payload) {
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
        const { seat, replacedConnectionId } = session.join(identity, socket.id, current?.resumeKey ?? payload.resumeKey, socket.data.address);
        const media = hub.get(session.callId);
        // Whatever media this seat had belongs to its previous connection.
        media.closePeer(seat.participantId);
        if (replacedConnectionId) onReplaced(replacedConnectionId);
        socket.data.participantId = seat.participantId;
        return {
          self: { participantId: seat.participantId, role: seat.role, status: seat.status },
          call: session.view(seat),
          resumeKey: seat.resumeKey,
          ...(seat.status === 'admitted' ? { routerRtpCapabilities: media.routerRtpCapabilities() } : {}),
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
      async handle({ session }) {
        // Ending closes every connection of the call, this one included; the closing waits
        // until this acknowledgement is on its way (see wireSessionPushes, 'close').
        session.end();
        return { ended: true };
      },
    },
    'call:withdrawLink': {
      rule: { roles: clerkOnly, admitted: true },
      async handle({ session, logger }, { linkId }) {
        const removed = session.withdrawLink(linkId);
        logger.info({ linkId, removed: removed.length }, 'link withdrawn');
        return { withdrawn: true, removed: removed.length };
      },
    },
  };
}
