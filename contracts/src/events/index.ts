import type { Ack, PayloadOf, RequestOf, ResponseOf } from './define';
import { callPushes, callRequests } from './call';
import { chatPushes, chatRequests } from './chat';
import { mediaPushes, mediaRequests } from './media';
import { documentPushes, documentRequests } from './documents';
import { formsPushes, formsRequests } from './forms';
import { interpreterPushes, interpreterRequests } from './interpreter';

// Every Socket.IO event of the product, gathered here. A feature adds its own file
// (`documents.ts`, `interpreter.ts`, …) and spreads its maps in below.

export const clientRequests = {
  ...callRequests,
  ...mediaRequests,
  ...chatRequests,
  ...documentRequests,
  ...formsRequests,
  ...interpreterRequests,
};

export const serverPushes = {
  ...callPushes,
  ...mediaPushes,
  ...chatPushes,
  ...documentPushes,
  ...formsPushes,
  ...interpreterPushes,
};

export type ClientRequests = typeof clientRequests;
export type ClientRequestName = keyof ClientRequests;
export type ServerPushes = typeof serverPushes;
export type ServerPushName = keyof ServerPushes;

/** Socket.IO's generic for events a client emits (all acknowledged). */
export type ClientToServerEvents = {
  [E in ClientRequestName]: (payload: RequestOf<ClientRequests[E]>, ack: (res: Ack<ResponseOf<ClientRequests[E]>>) => void) => void;
};

/** Socket.IO's generic for events the server pushes. */
export type ServerToClientEvents = {
  [E in ServerPushName]: (payload: PayloadOf<ServerPushes[E]>) => void;
};

export * from './define';
export * from './call';
export * from './media';
export * from './chat';
export * from './documents';
export * from './forms';
export * from './interpreter';
export * from './mediasoup-params';
