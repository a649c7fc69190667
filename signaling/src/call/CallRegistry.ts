import { GoneError, NotFoundError } from '@videoloket/contracts';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import type { Logger } from 'pino';
import { Call, type CallDeps, type CallEndReason, type CallInit } from './Call';

export type CallRegistryEvents = {
  /**
   * A new call, before anyone can join it: subscribe to its lifecycle here. `rehydrated`: a
   * call another process held, carried on here from the call state store (issue 13).
   */
  created: [call: Call, origin: { rehydrated: boolean }];
};

/**
 * The live calls of this process, the one map keyed by call id. Creation for the same key
 * (an appointment) is serialised: two clerks clicking "start call" at once get the same call.
 */
export class CallRegistry extends TypedEmitter<CallRegistryEvents> {
  private readonly calls = new Map<string, Call>();
  private readonly byKey = new Map<string, Promise<Call>>();
  /** Ids of calls that ended, so their links answer "ended" (410) rather than "unknown" (404). */
  private readonly ended = new Set<string>();
  private readonly logger: Logger;

  constructor(private readonly deps: CallDeps) {
    super();
    this.logger = deps.logger;
  }

  async create(init: CallInit, key?: string): Promise<Call> {
    if (key) {
      const pending = this.byKey.get(key);
      if (pending) {
        const call = await pending.catch(() => undefined);
        if (call?.status === 'open') return call;
      }
      const created = this.createNow(init);
      this.byKey.set(key, created);
      // A failed creation (no media worker) must not block the key for good.
      created.catch(() => this.byKey.delete(key));
      return created;
    }
    return this.createNow(init);
  }

  /**
   * The call a scheduled link (an appointment) points to, opened on first arrival. The
   * title is filled in when the clerk starts it from the desk; an ended call stays ended.
   */
  async openScheduled(callId: string, title = 'Afspraak', createdByClerkId = 'scheduled', appointmentId?: string): Promise<Call> {
    if (this.ended.has(callId)) throw new GoneError('This call has ended');
    const live = this.calls.get(callId) ?? (await this.rehydrate(callId));
    if (live) return live;
    return this.create({ callId, title, createdByClerkId, ...(appointmentId ? { appointmentId } : {}) }, callId);
  }

  /**
   * The live call, here or carried on from the call state store when the process that held
   * it is gone (issue 13). A call another live process holds is refused as unavailable
   * (retry); one that is nowhere is unknown.
   */
  async resolve(callId: string): Promise<Call> {
    if (this.ended.has(callId)) throw new GoneError('This call has ended');
    const call = this.calls.get(callId) ?? (await this.rehydrate(callId));
    if (!call) throw new NotFoundError('No such call');
    return call;
  }

  /** One rehydration per call at a time: two browsers coming back at once get the same call. */
  private rehydrate(callId: string): Promise<Call | undefined> {
    const ownership = this.deps.ownership;
    if (!ownership) return Promise.resolve(undefined);
    const pending = this.byKey.get(callId);
    if (pending) return pending.then((c) => (c.status === 'open' ? c : undefined)).catch(() => undefined);
    const found = (async () => {
      const state = await ownership.store.load(callId);
      if (!state) return undefined;
      const call = await Call.rehydrate(state, this.deps);
      this.adopt(call, { rehydrated: true });
      this.logger.info({ callId, seats: state.seats.length }, 'call carried on from the call state store');
      return call;
    })();
    const settled = found.then((call) => {
      if (!call) throw new NotFoundError('No such call');
      return call;
    });
    this.byKey.set(callId, settled);
    settled.catch(() => this.byKey.delete(callId));
    return found;
  }

  get(callId: string): Call {
    const call = this.calls.get(callId);
    if (!call && this.ended.has(callId)) throw new GoneError('This call has ended');
    if (!call) throw new NotFoundError('No such call');
    return call;
  }

  find(callId: string): Call | undefined {
    return this.calls.get(callId);
  }

  list(): Call[] {
    return [...this.calls.values()];
  }

  /** Ends every call (the process shuts down). */
  closeAll(reason: CallEndReason = 'shutdown'): void {
    for (const call of [...this.calls.values()]) call.close(reason);
  }

  protected override listenerFailed(error: unknown, event: string): void {
    this.logger.error({ err: error, event }, 'call registry listener threw');
  }

  private async createNow(init: CallInit): Promise<Call> {
    const call = await Call.open(init, this.deps);
    this.adopt(call, { rehydrated: false });
    this.logger.info({ callId: call.id }, 'call created');
    return call;
  }

  private adopt(call: Call, origin: { rehydrated: boolean }): void {
    this.calls.set(call.id, call);
    call.on('ended', () => {
      this.calls.delete(call.id);
      this.ended.add(call.id);
    });
    this.emit('created', call, origin);
  }
}
