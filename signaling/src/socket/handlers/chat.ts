import type { HandlerTable } from '../router';

export function chatHandlers(): Pick<HandlerTable, 'chat:send' | 'chat:share-history'> {
  return {
    'chat:send': {
      rule: { roles: ['clerk', 'citizen', 'interpreter'], admitted: true },
      async handle({ session, seat }, { text }) {
        return session.addChatMessage(seat.participantId, text);
      },
    },
    'chat:share-history': {
      rule: { roles: ['clerk'], admitted: true },
      async handle({ session }, { participantId }) {
        // The interpreter gets them as chat:history (socket/pushes.ts, 'chatShared').
        return { shared: session.shareChatHistory(participantId).length };
      },
    },
  };
}
