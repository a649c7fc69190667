import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '@videoloket/backoffice';

let slot = 0;

/** A case and an appointment of it, as the back office stores them. Returns their ids. */
export async function insertAppointment(
  db: Database,
  over: { channel?: 'video' | 'counter'; status?: 'booked' | 'cancelled'; startsAt?: Date } = {},
): Promise<{ appointmentId: string; caseId: string }> {
  // The product and clerk it needs, in the columns of the back office's first migration only:
  // database-upgrade.test.ts calls this on a database of the old layout, before later columns exist.
  await db.query(
    `insert into products (id, name, channels, duration_minutes, timeline)
     values ('report_problem', '{"nl":"Melding probleem","fr":"Signaler un problème","en":"Report a problem"}', '{video,counter}', 15, '{requested,planned,in_progress,closed}')
     on conflict (id) do nothing`,
  );
  await db.query(`insert into clerks (id, display_name, channels) values ('clerk-an', 'An Peeters', '{counter,video}') on conflict (id) do nothing`);
  const caseId = randomUUID();
  const appointmentId = randomUUID();
  // Each in its own slot: one clerk's booked appointments may not overlap (appointments_no_overlap).
  const startsAt = over.startsAt ?? new Date(Date.now() + 86_400_000 + slot++ * 20 * 60_000);
  await db.query(
    `insert into cases (id, reference, product_id, status, citizen_name, language, status_token_hash)
     values ($1, $2, 'report_problem', 'planned', 'Valerie Claes', 'nl', $3)`,
    [caseId, `VL-T-${randomBytes(5).toString('hex')}`, randomBytes(16).toString('hex')],
  );
  await db.query(
    `insert into appointments (id, case_id, product_id, channel, clerk_id, starts_at, ends_at, status, citizen_name, language, manage_token_hash)
     values ($1, $2, 'report_problem', $3, 'clerk-an', $4, $5, $6, 'Valerie Claes', 'nl', $7)`,
    [appointmentId, caseId, over.channel ?? 'video', startsAt, new Date(startsAt.getTime() + 15 * 60_000), over.status ?? 'booked', randomBytes(16).toString('hex')],
  );
  return { appointmentId, caseId };
}
