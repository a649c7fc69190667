import { randomUUID } from 'node:crypto';
import { AppError, ForbiddenError, UnprocessableError, type RegisterLookupResponse, type RegisterPerson, type RegisterQuery } from '@videoloket/contracts';
import type { Limiter } from '../abuse/Limiter';
import type { PersonRegister } from './PersonRegister';
import type { RegisterLookupLog } from './RegisterLookupLog';

/** A search by name lists at most this many people; narrow it with the first name. */
export const MAX_NAME_MATCHES = 10;

export interface RegisterLookupsOptions {
  register: PersonRegister;
  log: RegisterLookupLog;
  /** Is this clerk account in this live call (a clerk seat of it)? */
  clerkInCall(callId: string, clerkId: string): boolean;
  /** Lookups per clerk: a counter looks up a few people an hour, not the whole register. */
  limiter: Limiter;
  now?: () => Date;
  /** The municipality's time zone: a document is valid through its last day there. */
  timeZone: string;
}

/**
 * Issue 12, item 5: a clerk looks a person up for the call they are in and says why. No
 * answer leaves before its audit record is stored: a lookup that cannot be recorded fails.
 */
export class RegisterLookups {
  private readonly now: () => Date;

  constructor(private readonly o: RegisterLookupsOptions) {
    this.now = o.now ?? (() => new Date());
  }

  async lookup(clerkId: string, request: { callId: string; reason: string; query: RegisterQuery }): Promise<RegisterLookupResponse> {
    if (!this.o.clerkInCall(request.callId, clerkId)) throw new ForbiddenError('Look people up from a call you are in');
    if (request.query.by === 'nameAndBirthDate' && !this.o.register.capabilities.searchByName) {
      throw new UnprocessableError('This register can only be searched by national number');
    }
    const decision = await this.o.limiter.consume(clerkId);
    if (!decision.allowed) throw new AppError('RATE_LIMITED', 'Too many register lookups. Please wait a moment.');
    const at = this.now();
    const today = at.toLocaleDateString('sv-SE', { timeZone: this.o.timeZone });
    const persons = await this.find(request.query, today);
    const lookupId = randomUUID();
    await this.o.log.record({
      id: lookupId,
      at,
      clerkId,
      callId: request.callId,
      query: request.query,
      reason: request.reason,
      source: this.o.register.source,
      nationalNumbers: persons.map((p) => p.nationalNumber),
    });
    return { lookupId, source: this.o.register.source, persons };
  }

  private async find(query: RegisterQuery, today: string): Promise<RegisterPerson[]> {
    if (query.by === 'nationalNumber') {
      const person = await this.o.register.byNationalNumber(query.nationalNumber, today);
      return person ? [person] : [];
    }
    const { lastName, firstName, birthDate } = query;
    return this.o.register.byNameAndBirthDate({ lastName, birthDate, ...(firstName ? { firstName } : {}) }, today, MAX_NAME_MATCHES);
  }
}
