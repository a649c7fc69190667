import { GoneError, NotFoundError } from '@videoloket/contracts';
import { TypedEmitter } from '@videoloket/contracts/emitter';
import type { Logger } from 'pino';
import { Call, type CallDeps, type CallEndReason, type CallInit } from './Call';

export type CallRegistryEvents = {
  /** A new call, before anyone can join it: subscribe to its lifecycle here. */
  created: [call: Call];
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
    const live = this.calls.get(callId);
    if (live) return live;
    return this.create({ callId, title, createdByClerkId, ...(appointmentId ? { appointmentId } : {}) }, callId);
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
    this.calls.set(call.id, call);
    call.on('ended', () => {
      this.calls.delete(call.id);
      this.ended.add(call.id);
    });
    this.emit('created', call);
    this.logger.info({ callId: call.id }, 'call created');
    return call;
  }
}
