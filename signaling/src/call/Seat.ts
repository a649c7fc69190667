import type { ConnectionQuality, ParticipantStatus, Role } from '@videoloket/contracts';

/**
 * One person's place in a call. A citizen link can produce several seats (the same
 * link forwarded to another device): each waits and is admitted on its own.
 */
export interface Seat {
  participantId: string;
  role: Role;
  displayName: string;
  status: ParticipantStatus;
  /** Secret the browser keeps to come back to this seat (reload, new tab, network change). */
  resumeKey: string;
  /** The invitation link this seat came through (citizen, interpreter). */
  linkId?: string;
  /** The clerk account (clerk seats). */
  clerkId?: string;
  /** The live connection, if any: the one that carries this seat's media. */
  connectionId?: string;
  /**
   * Clerk seats: the cockpit's case window (issue 12), a second connection beside the call
   * window that gets the call's pushes but takes no media. Neither replaces the other.
   */
  observerConnectionId?: string;
  lastSeenAt: number;
  /** Waiting seats: when they entered the waiting room (epoch ms); a reconnect keeps it. */
  waitingSince?: number;
  /** Interpreters: the language they were invited for. */
  language?: string;
  /** Non-clerks may produce source 'screen' only while this is true (the clerk's choice). */
  screenShareAllowed?: boolean;
  /**
   * Interpreters: the first chat message (sequence number) they may read — issue 17:
   * "interpreters see the chat from when they joined", unless the clerk shares the earlier ones.
   */
  chatFrom?: number;
  /** A phone interpreter bridged in over SIP (no browser connection). */
  phone?: boolean;
  /** Client address of the connection that created the seat (per-address cap, issue 9). */
  address?: string;
  /** Opened a direct interpreter link someone else already used: waits, marked for the clerk. */
  linkAlreadyUsed?: boolean;
  /** What this seat's browser last reported about its connection (media:reportQuality); cleared with each new connection. */
  connectionQuality?: ConnectionQuality;
  /** The chosen name reads like a clerk's (see call/displayNames.ts): marked on the desk. */
  nameResemblesClerk?: boolean;
}

/** Every live connection of a seat (call window first): where the seat's pushes go. */
export function connectionsOf(seat: Seat): string[] {
  return [seat.connectionId, seat.observerConnectionId].filter((id): id is string => id !== undefined);
}

/** Who is knocking, as established from a verified token. */
export type SeatIdentity =
  | { role: 'clerk'; clerkId: string; displayName: string }
  | {
      role: 'citizen' | 'interpreter';
      linkId: string;
      displayName: string;
      admitDirectly?: boolean;
      language?: string;
      /** Set by call:join after comparing the chosen name with the clerks' names. */
      nameResemblesClerk?: boolean;
    };
