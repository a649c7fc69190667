import { z } from 'zod';
import { Id } from '../roles';
import { push, request } from './define';
import type { ChatMessage } from './call';

// Chat is plain text: clients render links clickable and nothing else as HTML.
export const CHAT_MAX_LENGTH = 2000;

export const chatRequests = {
  'chat:send': request<ChatMessage>()(z.strictObject({ text: z.string().trim().min(1).max(CHAT_MAX_LENGTH) })),
  /**
   * Clerk: let an interpreter read the chat from before they joined (issue 17: by default
   * they see it only from when they joined — what the citizen typed earlier stays theirs).
   */
  'chat:share-history': request<{ shared: number }>()(z.strictObject({ participantId: Id })),
};

export const chatPushes = {
  'chat:message': push<ChatMessage>(),
  /** To an interpreter the clerk shared the earlier chat with: those messages, oldest first. */
  'chat:history': push<{ messages: ChatMessage[] }>(),
};
