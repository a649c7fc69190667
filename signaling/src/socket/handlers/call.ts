import { ForbiddenError, UnauthenticatedError } from '@videoloket/contracts';
import type { CallMediaHub } from '../../call/CallMediaHub';
import type { HandlerTable } from '../router';

type CallHandlers = Pick<HandlerTable, 'call:join' | 'call:admit' | 'call:refuse' | 'call:remove' | 'call:leave' | 'call:end'>;

const everyone = ['clerk', 'citizen', 'interpreter'] as const;
const clerkOnly = ['clerk'] as const;

export function callHandlers(hub: CallMediaHub, onReplaced: (connectionId: string) => void): CallHandlers {
  return {
    'call:join': {
      rule: { roles: everyone, admitted: false },
      async handle({ socket, session }, payload) {
        const identity = { ...socket.data.identity };
        if (identity.role !== 'clerk') {
          const name = payload.displayName ?? identity.displayName;
          if (!name) throw new UnauthenticatedError('Please give your name');
          identity.displayName = name;
        }
        // Joining again on the same connection keeps the seat it already has.
        const current = socket.data.participantId ? session.seat(socket.data.participantId) : undefined;
        const { seat, replacedConnectionId } = session.join(identity, socket.id, current?.resumeKey ?? payload.resumeKey);
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
          chatHistory: seat.status === 'admitted' ? session.chat() : [],
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
        session.end();
        return { ended: true };
      },
    },
  };
}
