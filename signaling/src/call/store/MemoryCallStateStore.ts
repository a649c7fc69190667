import { NotCallOwnerError, STORED_CHAT_LIMIT, type CallStateStore, type StoredCall, type StoredCallState, type StoredChatMessage, type StoredSeat } from './CallStateStore';

interface Entry {
  call: StoredCall;
  seats: StoredSeat[];
  chat: StoredChatMessage[];
}

/**
 * The embedded default: one process, so the store lives (and dies) with it — today's
 * behaviour. Writes keep what they are given (the write-through hands over fresh snapshots,
 * and copying them would cost the hot path); loads give copies, as Redis would.
 */
export class MemoryCallStateStore implements CallStateStore {
  readonly #calls = new Map<string, Entry>();
  readonly #leases = new Map<string, { nodeId: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquireLease(callId: string, nodeId: string, ttlMs: number): Promise<boolean> {
    const holder = this.#holder(callId);
    if (holder !== undefined && holder !== nodeId) return false;
    this.#leases.set(callId, { nodeId, until: this.now() + ttlMs });
    return true;
  }

  async renewLease(callId: string, nodeId: string, ttlMs: number): Promise<boolean> {
    if (this.#holder(callId) !== nodeId) return false;
    this.#leases.set(callId, { nodeId, until: this.now() + ttlMs });
    return true;
  }

  async releaseLease(callId: string, nodeId: string): Promise<void> {
    if (this.#holder(callId) === nodeId) this.#leases.delete(callId);
  }

  async leaseHolder(callId: string): Promise<string | undefined> {
    return this.#holder(callId);
  }

  async save(nodeId: string, call: StoredCall, seats: readonly StoredSeat[]): Promise<void> {
    this.#assertOwner(call.callId, nodeId);
    const entry = this.#calls.get(call.callId);
    this.#calls.set(call.callId, { call, seats: [...seats], chat: entry?.chat ?? [] });
  }

  async appendChat(nodeId: string, callId: string, message: StoredChatMessage): Promise<void> {
    this.#assertOwner(callId, nodeId);
    const entry = this.#calls.get(callId);
    if (!entry) return;
    entry.chat.push(message);
    if (entry.chat.length > STORED_CHAT_LIMIT) entry.chat.splice(0, entry.chat.length - STORED_CHAT_LIMIT);
  }

  async remove(nodeId: string, callId: string): Promise<void> {
    this.#assertOwner(callId, nodeId);
    this.#calls.delete(callId);
    this.#leases.delete(callId);
  }

  async load(callId: string): Promise<StoredCallState | undefined> {
    const entry = this.#calls.get(callId);
    return entry && structuredClone(entry);
  }

  async seatByResumeKey(callId: string, resumeKey: string): Promise<StoredSeat | undefined> {
    const seat = this.#calls.get(callId)?.seats.find((s) => s.resumeKey === resumeKey);
    return seat && structuredClone(seat);
  }

  #holder(callId: string): string | undefined {
    const lease = this.#leases.get(callId);
    if (!lease) return undefined;
    if (lease.until <= this.now()) {
      this.#leases.delete(callId);
      return undefined;
    }
    return lease.nodeId;
  }

  #assertOwner(callId: string, nodeId: string): void {
    if (this.#holder(callId) !== nodeId) throw new NotCallOwnerError(callId);
  }
}
