import { z } from 'zod';
import { push, request } from './define';
import type { ChatMessage } from './call';

// Chat is plain text: clients render links clickable and nothing else as HTML.
export const CHAT_MAX_LENGTH = 2000;

export const chatRequests = {
  'chat:send': request<ChatMessage>()(z.strictObject({ text: z.string().trim().min(1).max(CHAT_MAX_LENGTH) })),
};

export const chatPushes = {
  'chat:message': push<ChatMessage>(),
};
