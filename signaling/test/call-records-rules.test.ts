import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppointmentCancelledError, UnknownAppointmentError } from '@videoloket/contracts';
import { openDatabase, type Database } from '@videoloket/backoffice';
import { MIGRATION_ORDER } from '../src/database';
import { CallRecords, type AppointmentsForCalls } from '../src/call/records/CallRecords';
import type { CallEndReason } from '../src/call/Call';
import { CallRepository } from '../src/call/records/CallRepository';

// CallRecords' rules (end statuses, appointment checks, the subscriber's ordering and error
// handling) on an in-memory PGlite with the real migrations.

let db: Database;
let repo: CallRepository;
const appointments: AppointmentsForCalls = {
  async forVideoCall(id) {
    if (id === 'cancelled') throw new AppointmentCancelledError();
    const [row] = await db.query<{ id: string; case_id: string; clerk_id: string; status: string }>('select id, case_id, clerk_id, status from appointments where id::text = $1', [id]);
    if (!row) throw new UnknownAppointmentError();
    if (row.status === 'cancelled') throw new AppointmentCancelledError();
    return { id: row.id, caseId: row.case_id, clerkId: row.clerk_id };
  },
  async recordCallOutcome() {
    throw new Error('not under test here (signaling/test/call-records.test.ts)');
  },
};
const logger = pino({ level: 'silent' });
const records = (log = logger) => new CallRecords({ repository: repo, appointments, logger: log });

let slot = 0;
/** A booked video appointment of clerk-an, each in its own slot (one clerk's appointments may not overlap). */
async function appointment(): Promise<string> {
  const caseId = randomUUID();
  const id = randomUUID();
  const startsAt = new Date(Date.now() + 86_400_000 + slot++ * 20 * 60_000);
  await db.query(`insert into cases (id, reference, product_id, status, citizen_name, status_token_hash) values ($1, $2, 'report_problem', 'planned', 'V', $3)`, [caseId, `R-${id}`, `h-${id}`]);
  await db.query(
    `insert into appointments (id, case_id, product_id, channel, clerk_id, starts_at, ends_at, citizen_name, manage_token_hash)
     values ($1, $2, 'report_problem', 'video', 'clerk-an', $3, $4, 'V', $5)`,
    [id, caseId, startsAt, new Date(startsAt.getTime() + 15 * 60_000), `m-${id}`],
  );
  return id;
}

beforeAll(async () => {
  db = await openDatabase({ kind: 'pglite' }, MIGRATION_ORDER);
  await db.query(`insert into products (id, name, channels, duration_minutes, timeline) values ('report_problem', '{}', '{video}', 15, '{a,b}')`);
  await db.query(`insert into clerks (id, display_name, channels) values ('clerk-an', 'An', '{video}')`);
  repo = new CallRepository(db);
});

afterAll(async () => {
  await db?.close();
});

describe('CallRecords', () => {
  it.each<[CallEndReason, boolean, string]>([
    ['ended-by-clerk', true, 'completed'],
    ['ended-by-clerk', false, 'ended'],
    ['expired', true, 'ended'],
    ['expired', false, 'expired'],
    ['media-lost', true, 'ended'],
    ['shutdown', true, 'ended'],
  ])('records a call ended by %s (admitted someone: %s) as %s', async (reason, talked, status) => {
    const r = records();
    const id = randomUUID();
    await r.opened({ id, title: 'T', createdByClerkId: 'desk-1' });
    if (talked) await r.active(id);
    await r.ended(id, reason, { clerkId: 'desk-1' });
    expect(await repo.get(id)).toMatchObject({ status, endedBy: 'desk-1', createdBy: 'desk-1' });
  });

  it("a shut-down appointment call waits for its citizen again; a clerk starting it takes it; another clerk's account is refused", async () => {
    const r = records();
    const appointmentId = await appointment();
    await expect(r.startForAppointment(appointmentId, { id: 'desk-2', backofficeClerkId: 'clerk-youssef' }, 'Melding')).rejects.toMatchObject({
      name: 'AppointmentOfAnotherClerkError',
      code: 'FORBIDDEN',
    });
    expect(await repo.byAppointment(appointmentId)).toBeNull();
    await expect(r.startForAppointment('cancelled', { id: 'desk-2' }, 'Melding')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(r.startForAppointment(randomUUID(), { id: 'desk-2' }, 'Melding')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const id = await r.startForAppointment(appointmentId, { id: 'desk-1', backofficeClerkId: 'clerk-an' }, 'Melding');
    await r.opened({ id, title: 'Melding', createdByClerkId: 'desk-1' });
    await r.ended(id, 'shutdown');
    expect(await repo.get(id)).toMatchObject({ status: 'scheduled', title: 'Melding', createdBy: 'desk-1', appointmentId });
    // An account tied to no back-office clerk (the counter-wide `balie`) may start it.
    expect(await r.startForAppointment(appointmentId, { id: 'desk-3' }, 'Melding')).toBe(id);
    await r.opened({ id, title: 'Melding', createdByClerkId: 'desk-3' });
    await r.ended(id, 'ended-by-clerk', { clerkId: 'desk-3' });
    await expect(r.startForAppointment(appointmentId, { id: 'desk-3' }, 'Melding')).rejects.toMatchObject({ code: 'GONE' });
    await expect(r.assertLinkUsable(id, 'any-link', { scheduled: true })).rejects.toMatchObject({ code: 'GONE', message: 'This call has ended' });
    // An appointment link with no call behind it (cancelled before calls were records) opens nothing.
    await expect(r.assertLinkUsable(`appt-${randomUUID()}`, 'any-link', { scheduled: true })).rejects.toMatchObject({ code: 'GONE', message: 'This appointment was cancelled' });
  });

  it("a cancelled appointment's link opens nothing; a withdrawn link neither; other links of the call still do", async () => {
    const r = records();
    const appointmentId = await appointment();
    const [row] = await db.query<{ case_id: string }>('select case_id from appointments where id = $1', [appointmentId]);
    const id = await r.scheduleForAppointment({ id: appointmentId, caseId: row!.case_id }, new Date(Date.now() + 86_400_000 * 2));
    await expect(r.assertLinkUsable(id, 'link-1', { scheduled: true })).resolves.toBeUndefined();
    await r.linkRevoked(id, 'link-1');
    await expect(r.assertLinkUsable(id, 'link-1', { scheduled: true })).rejects.toMatchObject({ code: 'GONE', message: 'This link has been withdrawn' });
    await expect(r.assertLinkUsable(id, 'link-2', { scheduled: true })).resolves.toBeUndefined();
    await db.query("update appointments set status = 'cancelled' where id = $1", [appointmentId]);
    await expect(r.assertLinkUsable(id, 'link-2', { scheduled: true })).rejects.toMatchObject({ code: 'GONE', message: 'This appointment was cancelled' });
  });

  it('a failed write is logged, never thrown, and later writes of the call still run in order', async () => {
    const log = pino({ level: 'silent' });
    const error = vi.spyOn(log, 'error');
    const r = records(log);
    const id = randomUUID();
    // `active` before the call exists: the repository refuses (NOT_FOUND); the subscriber logs it.
    await expect(r.active(id)).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledTimes(1);
    // Fired without waiting, as the session's events do: opened, link withdrawn, ended, in that order.
    void r.opened({ id, title: 'T', createdByClerkId: 'desk-1' });
    void r.linkRevoked(id, 'link-1', { clerkId: 'desk-1' });
    void r.ended(id, 'ended-by-clerk', { clerkId: 'desk-1' });
    await r.settled();
    expect((await repo.history(id)).map((h) => h.status)).toEqual(['waiting', 'ended']);
    await expect(r.assertLinkUsable(id, 'link-1', { scheduled: false })).rejects.toMatchObject({ code: 'GONE' });
    expect(error).toHaveBeenCalledTimes(1);
  });
});
