import type { HandlerTable } from '../router';

export function chatHandlers(): Pick<HandlerTable, 'chat:send'> {
  return {
    'chat:send': {
      rule: { roles: ['clerk', 'citizen', 'interpreter'], admitted: true },
      async handle({ session, seat }, { text }) {
        return session.addChatMessage(seat.participantId, text);
      },
    },
  };
}
