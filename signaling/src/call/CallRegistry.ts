import { GoneError, NotFoundError } from '@videoloket/contracts';
import type { Logger } from 'pino';
import { CounterSession, type CounterSessionOptions, type SeatLimits } from './CounterSession';

export interface CallRegistryOptions {
  logger: Logger;
  /** Caps on waiting seats, for every session (issue 9, finding 7). */
  seatLimits?: Partial<SeatLimits>;
  /** Called once per new session, before anyone can join it (wires media, pushes, …). */
  onCreated: (session: CounterSession) => void | Promise<void>;
}

/**
 * All live counter sessions of this process. Creation for the same key (e.g. an
 * appointment) is serialised: two clerks clicking "start call" at once get the same call.
 */
export class CallRegistry {
  private readonly sessions = new Map<string, CounterSession>();
  private readonly byKey = new Map<string, Promise<CounterSession>>();
  /** Ids of calls that ended, so their links answer "ended" (410) rather than "unknown" (404). */
  private readonly ended = new Set<string>();

  constructor(private readonly options: CallRegistryOptions) {}

  async create(init: CounterSessionOptions, key?: string): Promise<CounterSession> {
    if (key) {
      const pending = this.byKey.get(key);
      if (pending) {
        const session = await pending;
        if (session.status === 'open') return session;
      }
      const created = this.createNow(init);
      this.byKey.set(key, created);
      return created;
    }
    return this.createNow(init);
  }

  /**
   * The call a scheduled link (an appointment) points to, opened on first arrival. The
   * title is filled in when the clerk starts it from the desk; an ended call stays ended.
   */
  async openScheduled(callId: string, title = 'Afspraak', createdByClerkId = 'scheduled'): Promise<CounterSession> {
    if (this.ended.has(callId)) throw new GoneError('This call has ended');
    const live = this.sessions.get(callId);
    if (live) return live;
    return this.create({ callId, title, createdByClerkId }, callId);
  }

  get(callId: string): CounterSession {
    const session = this.sessions.get(callId);
    if (!session && this.ended.has(callId)) throw new GoneError('This call has ended');
    if (!session) throw new NotFoundError('No such call');
    if (session.status !== 'open') throw new GoneError('This call has ended');
    return session;
  }

  find(callId: string): CounterSession | undefined {
    return this.sessions.get(callId);
  }

  list(): CounterSession[] {
    return [...this.sessions.values()].filter((s) => s.status === 'open');
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.close();
  }

  private async createNow(init: CounterSessionOptions): Promise<CounterSession> {
    const session = new CounterSession({ limits: this.options.seatLimits, ...init });
    this.sessions.set(session.callId, session);
    session.on('close', () => {
      this.sessions.delete(session.callId);
      this.ended.add(session.callId);
      this.options.logger.info({ callId: session.callId }, 'call closed');
    });
    await this.options.onCreated(session);
    this.options.logger.info({ callId: session.callId }, 'call created');
    return session;
  }
}
