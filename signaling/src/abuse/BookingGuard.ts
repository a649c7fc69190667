import { RateLimitedError, type BookAppointmentRequest, type BookingProof } from '@videoloket/contracts';
import type { BookingChallenges } from './BookingChallenges';
import type { Limiter } from './Limiter';

export interface BookingLimiters {
  perIpHour: Limiter;
  perIpDay: Limiter;
  /** Successful bookings per mail address or phone number. */
  perContactDay: Limiter;
}

/** What a booking that passed the guard holds; released when no booking (and no mail) came of it. */
export interface BookingAdmission {
  release(): Promise<void>;
}

/**
 * The anonymous booking route's defences (issue 9 finding 4), in order of cost: the
 * per-address limits, the proof of work, then the per-contact limit, so one attacker can
 * neither fill the calendar from one address nor make the municipality mail one victim
 * over and over, and each try costs real work first.
 */
export class BookingGuard {
  constructor(
    private readonly challenges: BookingChallenges,
    private readonly limits: BookingLimiters,
  ) {}

  /** `address`: the client's network as http/clientAddress.ts keys it (IPv4, or IPv6 /64). */
  async admit(booking: BookAppointmentRequest, proof: BookingProof, address: string): Promise<BookingAdmission> {
    for (const limiter of [this.limits.perIpHour, this.limits.perIpDay]) {
      const d = await limiter.consume(address);
      if (!d.allowed) throw new RateLimitedError('Too many bookings from this network; please try again later or call the municipality', Math.ceil(d.retryAfterMs / 1000));
    }
    await this.challenges.verify(proof, booking.idempotencyKey);

    const counted: string[] = [];
    const release = async () => {
      for (const key of counted) await this.limits.perContactDay.refund(key);
    };
    for (const key of contactKeys(booking.citizen)) {
      const d = await this.limits.perContactDay.consume(key);
      if (!d.allowed) {
        await release();
        throw new RateLimitedError('Too many bookings for this e-mail address or phone number today', Math.ceil(d.retryAfterMs / 1000));
      }
      counted.push(key);
    }
    return { release };
  }
}

/** The mailbox and phone a booking sends to. "name+anything@" reaches the same mailbox as "name@". */
export function contactKeys(c: { email?: string; phone?: string }): string[] {
  const keys: string[] = [];
  if (c.email) {
    const at = c.email.lastIndexOf('@');
    const local = c.email.slice(0, at).replace(/\+.*$/, '');
    keys.push(`mail:${local.toLowerCase()}@${c.email.slice(at + 1).toLowerCase()}`);
  }
  if (c.phone) keys.push(`phone:${c.phone}`);
  return keys;
}
