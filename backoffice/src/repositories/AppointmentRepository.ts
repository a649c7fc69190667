import type { AppointmentChannel, AppointmentView, ChecklistItem } from '@videoloket/contracts';

/** What the government login vouched for when the citizen booked (issue 15 item 1). */
export interface VerifiedIdentity {
  via: 'government_login';
  name: string;
  /** Digits only; for the clerk's forms, never in a view the citizen's links reach. */
  nationalNumber?: string;
}
import type { Queryable } from '../db/Database';

export interface AppointmentRecord {
  id: string;
  caseId: string;
  caseReference: string;
  productId: string;
  channel: AppointmentChannel;
  clerkId: string;
  startsAt: Date;
  endsAt: Date;
  status: 'booked' | 'cancelled';
  citizenName: string;
  email?: string;
  phone?: string;
  language: string;
  address?: string;
  addressInstructions?: string;
  lat?: number;
  lon?: number;
  remarks?: string;
  idempotencyKey?: string;
  /** SHA-256 of the booking request the idempotency key was first sent with. */
  requestHash?: string;
  sequence: number;
  reminderSentAt?: Date;
  verifiedIdentity?: VerifiedIdentity;
}

export type NewAppointment = Omit<AppointmentRecord, 'caseReference' | 'status' | 'sequence' | 'reminderSentAt'> & { manageTokenHash: string };

interface Row {
  id: string;
  case_id: string;
  case_reference: string;
  product_id: string;
  channel: string;
  clerk_id: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  citizen_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  address: string | null;
  address_instructions: string | null;
  lat: number | null;
  lon: number | null;
  remarks: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  sequence: number;
  reminder_sent_at: Date | null;
  verified_identity: VerifiedIdentity | null;
}

const SELECT = 'select a.*, c.reference as case_reference from appointments a join cases c on c.id = a.case_id';

function toRecord(r: Row): AppointmentRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    caseReference: r.case_reference,
    productId: r.product_id,
    channel: r.channel as AppointmentChannel,
    clerkId: r.clerk_id,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    status: r.status as AppointmentRecord['status'],
    citizenName: r.citizen_name,
    email: r.email ?? undefined,
    phone: r.phone ?? undefined,
    language: r.language,
    address: r.address ?? undefined,
    addressInstructions: r.address_instructions ?? undefined,
    lat: r.lat ?? undefined,
    lon: r.lon ?? undefined,
    remarks: r.remarks ?? undefined,
    idempotencyKey: r.idempotency_key ?? undefined,
    requestHash: r.request_hash ?? undefined,
    sequence: r.sequence,
    reminderSentAt: r.reminder_sent_at ?? undefined,
    verifiedIdentity: r.verified_identity ?? undefined,
  };
}

export function appointmentView(a: AppointmentRecord): AppointmentView {
  return {
    id: a.id,
    caseId: a.caseId,
    caseReference: a.caseReference,
    productId: a.productId,
    channel: a.channel,
    clerkId: a.clerkId,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    status: a.status,
    citizenName: a.citizenName,
    sequence: a.sequence,
    ...(a.address ? { address: a.address } : {}),
    ...(a.verifiedIdentity ? { identityVerified: { via: a.verifiedIdentity.via, name: a.verifiedIdentity.name } } : {}),
  };
}

export class AppointmentRepository {
  constructor(private readonly q: Queryable) {}

  /** Fails with SQLSTATE 23P01 when it overlaps a booked appointment of the same clerk. */
  async insert(a: NewAppointment): Promise<void> {
    await this.q.query(
      `insert into appointments (id, case_id, product_id, channel, clerk_id, starts_at, ends_at, citizen_name, email, phone, language,
         address, address_instructions, lat, lon, remarks, idempotency_key, manage_token_hash, request_hash, verified_identity)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
      [
        a.id, a.caseId, a.productId, a.channel, a.clerkId, a.startsAt, a.endsAt, a.citizenName, a.email ?? null, a.phone ?? null, a.language,
        a.address ?? null, a.addressInstructions ?? null, a.lat ?? null, a.lon ?? null, a.remarks ?? null, a.idempotencyKey ?? null, a.manageTokenHash, a.requestHash ?? null,
        a.verifiedIdentity ? JSON.stringify(a.verifiedIdentity) : null,
      ],
    );
  }

  async get(id: string): Promise<AppointmentRecord | undefined> {
    const rows = await this.q.query<Row>(`${SELECT} where a.id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async byIdempotencyKey(key: string): Promise<AppointmentRecord | undefined> {
    const rows = await this.q.query<Row>(`${SELECT} where a.idempotency_key = $1`, [key]);
    return rows[0] && toRecord(rows[0]);
  }

  /** `forUpdate` locks the row until the transaction ends (reschedule/cancel races). */
  async byManageTokenHash(hash: string, forUpdate = false): Promise<AppointmentRecord | undefined> {
    const rows = await this.q.query<Row>(`${SELECT} where a.manage_token_hash = $1${forUpdate ? ' for update of a' : ''}`, [hash]);
    return rows[0] && toRecord(rows[0]);
  }

  async byCase(caseId: string): Promise<AppointmentRecord[]> {
    const rows = await this.q.query<Row>(`${SELECT} where a.case_id = $1 order by a.starts_at`, [caseId]);
    return rows.map(toRecord);
  }

  /** Booked appointments overlapping [from, to), optionally of one clerk. */
  async booked(from: Date, to: Date, clerkId?: string): Promise<AppointmentRecord[]> {
    const rows = await this.q.query<Row>(
      `${SELECT} where a.status = 'booked' and a.starts_at < $2 and a.ends_at > $1 and ($3::text is null or a.clerk_id = $3) order by a.starts_at, a.created_at`,
      [from, to, clerkId ?? null],
    );
    return rows.map(toRecord);
  }

  /**
   * Serialises bookings of one clerk: a second transaction waits here until the first commits.
   * Home-visit windows overlap by design, so their capacity check needs this lock.
   */
  async lockClerk(clerkId: string): Promise<void> {
    await this.q.query('select id from clerks where id = $1 for update', [clerkId]);
  }

  async move(id: string, clerkId: string, startsAt: Date, endsAt: Date): Promise<void> {
    await this.q.query(
      `update appointments set clerk_id = $2, starts_at = $3, ends_at = $4, sequence = sequence + 1, reminder_sent_at = null, updated_at = now() where id = $1`,
      [id, clerkId, startsAt, endsAt],
    );
  }

  async cancel(id: string): Promise<void> {
    await this.q.query(`update appointments set status = 'cancelled', sequence = sequence + 1, updated_at = now() where id = $1`, [id]);
  }

  /** Claims unsent reminders for appointments starting in [from, to): each row is claimed once. */
  async claimReminders(from: Date, to: Date): Promise<AppointmentRecord[]> {
    const rows = await this.q.query<{ id: string }>(
      `update appointments set reminder_sent_at = now()
       where status = 'booked' and reminder_sent_at is null and starts_at >= $1 and starts_at < $2
       returning id`,
      [from, to],
    );
    const out: AppointmentRecord[] = [];
    for (const r of rows) {
      const a = await this.get(r.id);
      if (a) out.push(a);
    }
    return out;
  }

  async setChecklistItem(appointmentId: string, item: ChecklistItem, done: boolean, actor: string): Promise<void> {
    await this.q.query(
      `insert into visit_checklist (appointment_id, item, done, actor) values ($1, $2, $3, $4)
       on conflict (appointment_id, item) do update set done = excluded.done, actor = excluded.actor, at = now()`,
      [appointmentId, item, done, actor],
    );
  }

  async checklist(appointmentIds: string[]): Promise<Map<string, Map<string, boolean>>> {
    const out = new Map<string, Map<string, boolean>>();
    if (appointmentIds.length === 0) return out;
    const rows = await this.q.query<{ appointment_id: string; item: string; done: boolean }>(
      'select appointment_id, item, done from visit_checklist where appointment_id = any($1::uuid[])',
      [appointmentIds],
    );
    for (const r of rows) {
      if (!out.has(r.appointment_id)) out.set(r.appointment_id, new Map());
      out.get(r.appointment_id)!.set(r.item, r.done);
    }
    return out;
  }
}
