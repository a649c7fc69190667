import type { AppointmentChannel, ClerkRole } from '@videoloket/contracts';
import type { Queryable } from '../db/Database';

export interface Clerk {
  id: string;
  displayName: string;
  channels: AppointmentChannel[];
  email?: string;
  /** Products this clerk handles (the clerk directory's); empty or unset: every product. */
  products?: string[];
  /** Set by the seed; otherwise the directory's roles stay as they are. */
  roles?: ClerkRole[];
}

export interface TimeBlock {
  /** ISO weekday 1..7 */
  weekday: number;
  /** HH:MM */
  starts: string;
  ends: string;
}

export interface ClerkAvailability extends TimeBlock {
  clerkId: string;
}

export interface Absence {
  clerkId: string;
  startsAt: Date;
  endsAt: Date;
}

/** Opening hours, clerks, their weekly availability and absences. */
export class ScheduleRepository {
  constructor(private readonly q: Queryable) {}

  async upsertClerk(c: Clerk): Promise<void> {
    await this.q.query(
      `insert into clerks (id, display_name, channels, email, roles) values ($1, $2, $3, $4, coalesce($5::text[], '{clerk}'))
       on conflict (id) do update set display_name = excluded.display_name, channels = excluded.channels, email = excluded.email, roles = coalesce($5::text[], clerks.roles)`,
      [c.id, c.displayName, c.channels, c.email ?? null, c.roles ?? null],
    );
  }

  async getClerk(id: string): Promise<Clerk | undefined> {
    return (await this.clerks()).find((c) => c.id === id);
  }

  async clerks(channel?: AppointmentChannel): Promise<Clerk[]> {
    const rows = await this.q.query<{ id: string; display_name: string; channels: string[]; email: string | null; products: string[] }>(
      `select * from clerks where $1::text is null or $1::text = any(channels) order by id`,
      [channel ?? null],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, channels: r.channels as AppointmentChannel[], email: r.email ?? undefined, products: r.products }));
  }

  async setOpeningHours(channel: AppointmentChannel, blocks: TimeBlock[]): Promise<void> {
    await this.q.query('delete from opening_hours where channel = $1', [channel]);
    for (const b of blocks) {
      await this.q.query('insert into opening_hours (channel, weekday, opens, closes) values ($1, $2, $3, $4)', [channel, b.weekday, b.starts, b.ends]);
    }
  }

  async openingHours(channel: AppointmentChannel, weekday: number): Promise<TimeBlock[]> {
    const rows = await this.q.query<{ weekday: number; opens: string; closes: string }>(
      'select weekday, opens::text as opens, closes::text as closes from opening_hours where channel = $1 and weekday = $2 order by opens',
      [channel, weekday],
    );
    return rows.map((r) => ({ weekday: r.weekday, starts: r.opens.slice(0, 5), ends: r.closes.slice(0, 5) }));
  }

  async setAvailability(clerkId: string, blocks: TimeBlock[]): Promise<void> {
    await this.q.query('delete from clerk_availability where clerk_id = $1', [clerkId]);
    for (const b of blocks) {
      await this.q.query('insert into clerk_availability (clerk_id, weekday, starts, ends) values ($1, $2, $3, $4)', [clerkId, b.weekday, b.starts, b.ends]);
    }
  }

  async availability(weekday: number): Promise<ClerkAvailability[]> {
    const rows = await this.q.query<{ clerk_id: string; weekday: number; starts: string; ends: string }>(
      'select clerk_id, weekday, starts::text as starts, ends::text as ends from clerk_availability where weekday = $1 order by clerk_id, starts',
      [weekday],
    );
    return rows.map((r) => ({ clerkId: r.clerk_id, weekday: r.weekday, starts: r.starts.slice(0, 5), ends: r.ends.slice(0, 5) }));
  }

  async addAbsence(a: Absence): Promise<void> {
    await this.q.query('insert into clerk_absences (clerk_id, starts_at, ends_at) values ($1, $2, $3)', [a.clerkId, a.startsAt, a.endsAt]);
  }

  async absences(from: Date, to: Date): Promise<Absence[]> {
    const rows = await this.q.query<{ clerk_id: string; starts_at: Date; ends_at: Date }>(
      'select clerk_id, starts_at, ends_at from clerk_absences where starts_at < $2 and ends_at > $1',
      [from, to],
    );
    return rows.map((r) => ({ clerkId: r.clerk_id, startsAt: r.starts_at, endsAt: r.ends_at }));
  }
}
