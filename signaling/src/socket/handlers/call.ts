import {
  ConflictError,
  ForbiddenError,
  UnauthenticatedError,
  type ClientRequests,
  type ParsedRequestOf,
  type ResponseOf,
} from '@videoloket/contracts';
import { assertNotAnOffice, resemblesClerkName } from '../../call/displayNames';
import type { HandlerContext, HandlerTable } from '../router';

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

/**
 * The cockpit's case window (issue 12): an observer connection of the clerk's own seat. The
 * seat must exist (the call window made it) and belong to this clerk account; a citizen, an
 * interpreter or another clerk is refused. It replaces no call window, and a connection
 * that joined as one window stays that window.
 */
async function joinCaseWindow(
  { socket, call, session }: Pick<HandlerContext, 'socket' | 'call' | 'session'>,
  payload: ParsedRequestOf<ClientRequests['call:join']>,
): Promise<ResponseOf<ClientRequests['call:join']>> {
  const { identity } = socket.data;
  if (identity.role !== 'clerk') throw new ForbiddenError('Only the clerk has a case window');
  if (payload.window !== 'case') throw new ConflictError('This connection is a case window');
  if (socket.data.participantId && !socket.data.window) throw new ConflictError('This connection is the call window');
  const { seat } = session.observe(identity.clerkId, socket.id);
  socket.data.participantId = seat.participantId;
  socket.data.window = 'case';
  return {
    self: { participantId: seat.participantId, role: seat.role, status: seat.status },
    window: 'case',
    call: call.audience.view(seat),
    resumeKey: seat.resumeKey,
    routerRtpCapabilities: call.media.routerRtpCapabilities(),
    chatHistory: session.chat(seat),
  };
}

export function callHandlers({ clerkNames }: CallHandlerDeps): CallHandlers {
  return {
    'call:join': {
      rule: { roles: everyone, admitted: false },
      async handle({ socket, call, session }, payload) {
        if (payload.window === 'case' || socket.data.window === 'case') return joinCaseWindow({ socket, call, session }, payload);
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
      // The case window closing is not the clerk leaving: it simply disconnects.
      rule: { roles: everyone, admitted: false, callWindowOnly: true },
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
