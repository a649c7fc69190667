import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@videoloket/contracts';
import type { SeatIdentity } from '../call/Seat';

/** What the handshake established; never taken from a payload. */
export interface SocketData {
  callId: string;
  identity: SeatIdentity;
  /** The client's address (X-Forwarded-For behind a trusted proxy), for the per-address caps. */
  address: string;
  /** Set by call:join. */
  participantId?: string;
  /** Set by call:join: this connection is a clerk's case window, the seat's observer (issue 12). */
  window?: 'case';
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type InterServerEvents = {};
export type VideoloketServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type VideoloketSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
