import type { CallStatus, ChatMessage, IdentityVerified } from '@videoloket/contracts';
import type { Seat } from '../Seat';

// Issue 13: what another process needs to carry a live call on after the one that held it
// stopped. Only state that outlives a connection is kept: connection ids and connection
// quality belong to the process the browser was connected to, the media room is made anew.

/** A call's own fields, as stored. */
export interface StoredCall {
  callId: string;
  title: string;
  createdByClerkId: string;
  appointmentId?: string;
  /** ISO time. */
  createdAt: string;
  status: CallStatus;
  assignedTo?: string;
  identityVerified?: IdentityVerified;
  /** Invitation links withdrawn in this call. */
  withdrawnLinks: string[];
  /** Interpreter links "straight into the call" whose one direct admission is used. */
  usedDirectLinks: string[];
  /** The next chat message's sequence number (what Seat.chatFrom counts). */
  chatSeq: number;
}

/** A seat without what belongs to one live connection. */
export type StoredSeat = Omit<Seat, 'connectionId' | 'observerConnectionId' | 'connectionQuality'>;

export interface StoredChatMessage {
  seq: number;
  message: ChatMessage;
}

/** Everything stored of one call. */
export interface StoredCallState {
  call: StoredCall;
  seats: StoredSeat[];
  /** Oldest first, at most the store's chat limit. */
  chat: StoredChatMessage[];
}

/** The owner of a call's lease is the only process that may write its state. */
export class NotCallOwnerError extends Error {
  constructor(callId: string) {
    super(`This process does not hold the lease of call ${callId}`);
    this.name = 'NotCallOwnerError';
  }
}

/**
 * Where live calls' state lives (issue 13). One owner process per call holds its lease (a
 * key with a TTL the owner renews); every write names the owner and is refused with
 * NotCallOwnerError when the lease is someone else's or gone, so a process that lost its
 * lease (paused, cut off) cannot overwrite the state of the process that took the call over.
 */
export interface CallStateStore {
  /** Takes the lease when nobody holds it (or `nodeId` already does); true when `nodeId` holds it now. */
  acquireLease(callId: string, nodeId: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease if `nodeId` still holds it (and keeps the call's state from expiring); false when it was lost. */
  renewLease(callId: string, nodeId: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (clean shutdown) if `nodeId` holds it. */
  releaseLease(callId: string, nodeId: string): Promise<void>;
  /** The node holding the lease, if any. */
  leaseHolder(callId: string): Promise<string | undefined>;

  /** Writes the call's fields and its seats as they are now (seats not listed are gone). Owner only. */
  save(nodeId: string, call: StoredCall, seats: readonly StoredSeat[]): Promise<void>;
  /** Appends a chat message (the oldest beyond the limit are dropped). Owner only. */
  appendChat(nodeId: string, callId: string, message: StoredChatMessage): Promise<void>;
  /** The call ended: its state goes (and its lease). Owner only. */
  remove(nodeId: string, callId: string): Promise<void>;

  /** Everything stored of a call, or undefined when there is no such live call. */
  load(callId: string): Promise<StoredCallState | undefined>;
  /** The seat of this call whose resume key this is (another call's key finds nothing). */
  seatByResumeKey(callId: string, resumeKey: string): Promise<StoredSeat | undefined>;
}

/** Chat messages kept per call (as CounterSession keeps in memory). */
export const STORED_CHAT_LIMIT = 500;

/** The stored form of a seat: drops what belongs to one connection. */
export function storedSeat(seat: Seat): StoredSeat {
  const { connectionId: _c, observerConnectionId: _o, connectionQuality: _q, ...stored } = seat;
  return stored;
}
