import type { Logger } from 'pino';
import type { CounterSession } from '../CounterSession';
import type { CallStateStore } from './CallStateStore';

export interface CallOwnership {
  store: CallStateStore;
  /** This process, as named in the leases it holds. */
  nodeId: string;
  /** How long a lease lasts unless renewed; renewed every third of it. */
  leaseMs: number;
}

/**
 * Write-through of one live call's state to the store, as it changes (issue 13): every change
 * of seats or the call's fields writes a snapshot, every chat message is appended, the end
 * removes it. Writes run one after another in order; changes that come while a snapshot is
 * waiting to be written are carried by that same write. The owner's lease is renewed here.
 */
export class CallWriteThrough {
  #chain: Promise<void> = Promise.resolve();
  #snapshotQueued = false;
  #stopped = false;
  readonly #renewal: NodeJS.Timeout;

  constructor(
    private readonly session: CounterSession,
    private readonly appointmentId: string | undefined,
    private readonly ownership: CallOwnership,
    private readonly log: Logger,
  ) {
    const { store, nodeId, leaseMs } = ownership;
    this.#renewal = setInterval(() => {
      store.renewLease(session.callId, nodeId, leaseMs).then(
        (held) => {
          if (!held && !this.#stopped) this.log.error('lost the lease of this call: another node may carry it on; writes are refused from now');
        },
        (err: unknown) => this.log.warn({ err }, 'renewing the call lease failed'),
      );
    }, leaseMs / 3).unref();
    session.on('changed', () => this.saveSoon());
    session.on('linkWithdrawn', () => this.saveSoon());
    session.on('chatShared', () => this.saveSoon());
    session.on('chat', (message) => {
      const seq = session.lastChatSeq;
      // The snapshot carries chatSeq: it follows the message.
      this.#enqueue(() => store.appendChat(nodeId, session.callId, { seq, message }));
      this.saveSoon();
    });
  }

  /** Writes the state now (a new call's first write: awaited before anyone joins). */
  saveNow(): Promise<void> {
    this.#snapshotQueued = true;
    return this.#enqueue(() => this.#save());
  }

  /** A change the session did not announce (title, identity set by the desk). */
  saveSoon(): void {
    if (this.#snapshotQueued || this.#stopped) return;
    this.#snapshotQueued = true;
    void this.#enqueue(() => this.#save());
  }

  /** Every write so far has reached the store (or failed and was logged). */
  written(): Promise<void> {
    return this.#chain;
  }

  /** The call ended: its state goes from the store, and with it the lease. */
  ended(): Promise<void> {
    this.#stop();
    return this.#enqueue(() => this.ownership.store.remove(this.ownership.nodeId, this.session.callId));
  }

  /** The process stops without ending the call (clean shutdown): the next node may take it at once. */
  release(): Promise<void> {
    this.#stop();
    return this.#enqueue(() => this.ownership.store.releaseLease(this.session.callId, this.ownership.nodeId));
  }

  #stop(): void {
    this.#stopped = true;
    clearInterval(this.#renewal);
  }

  #save(): Promise<void> {
    this.#snapshotQueued = false;
    const { call, seats } = this.session.snapshot();
    return this.ownership.store.save(this.ownership.nodeId, { ...call, ...(this.appointmentId ? { appointmentId: this.appointmentId } : {}) }, seats);
  }

  #enqueue(write: () => Promise<void>): Promise<void> {
    this.#chain = this.#chain.then(write).catch((err: unknown) => this.log.error({ err }, 'writing the call state failed'));
    return this.#chain;
  }
}
