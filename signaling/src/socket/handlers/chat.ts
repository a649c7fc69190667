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
      async handle({ socket, session }, { participantId }) {
        const messages = session.shareChatHistory(participantId);
        const to = session.seat(participantId)?.connectionId;
        if (to && messages.length) socket.nsp.to(to).emit('chat:history', { messages });
        return { shared: messages.length };
      },
    },
  };
}
