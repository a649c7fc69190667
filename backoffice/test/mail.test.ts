import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackoffice, type Backoffice } from '../src/createBackoffice';
import type { Database } from '../src/db/Database';
import { openDatabase } from '../src/db/openDatabase';
import { signedJoinLinks } from '../src/joinLink';
import { SmtpMailer } from '../src/notify/Mailer';
import { seed } from '../src/seed/seed';
import { icsInstant, parseIcs } from './support/ics';
import { header, mimeParts } from './support/mime';
import { startSmtpCapture, type SmtpCapture } from './support/smtp';
import { NOW, citizen, key, testOptions } from './support/world';

// Confirmation, update and cancellation mails through nodemailer to a real SMTP server on
// loopback; the raw messages are parsed back, the .ics with them.
describe('confirmation mail with iCalendar invite', () => {
  let smtp: SmtpCapture;
  let db: Database;
  let bo: Backoffice;
  let mailer: SmtpMailer;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    mailer = new SmtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'Videoloket <noreply@loket.example.be>' });
    db = await openDatabase({ kind: 'pglite' });
    await seed(db);
    bo = createBackoffice({
      db,
      options: testOptions,
      mailer,
      log: pino({ level: 'silent' }),
      createJoinLink: signedJoinLinks({ baseUrl: 'https://loket.example.be', secret: 'join-secret-for-tests-0123456789' }),
      now: () => NOW,
    });
  });
  afterAll(async () => {
    mailer.close();
    await db.close();
    await smtp.close();
  });

  const calendarOf = (raw: string) => {
    const part = mimeParts(raw).find((p) => (p.headers['content-type'] ?? '').startsWith('text/calendar'));
    expect(part, 'a text/calendar part').toBeDefined();
    return { part: part!, ics: parseIcs(part!.body) };
  };

  it('sends REQUEST, then an update with a higher SEQUENCE, then CANCEL, all with one UID', async () => {
    const booked = await bo.bookings.book({ productId: 'travel_permit_minor', channel: 'video', startsAt: '2030-03-05T09:00:00Z', citizen, idempotencyKey: key() });
    expect(smtp.inbox).toHaveLength(1);
    const confirmation = smtp.inbox[0]!;
    expect(confirmation.to).toEqual(['valerie@example.be']);
    expect(header(confirmation.raw, 'subject')).toContain('Bevestiging');
    const text = mimeParts(confirmation.raw).find((p) => (p.headers['content-type'] ?? '').startsWith('text/plain'))!.body;
    // The join link, valid from 15 minutes before the slot, plus the private links.
    expect(booked.joinLink?.validFrom).toBe('2030-03-05T08:45:00.000Z');
    expect(text).toContain(booked.joinLink!.url);
    expect(text).toContain('vanaf 09:45');
    expect(text).toContain(booked.manageUrl);
    expect(text).toContain(booked.statusUrl);

    const first = calendarOf(confirmation.raw);
    expect(first.part.headers['content-type']).toMatch(/method=REQUEST/i);
    expect(first.ics.calendar.METHOD).toBe('REQUEST');
    expect(first.ics.calendar.VERSION).toBe('2.0');
    const uid = first.ics.event.UID!;
    expect(uid).toBe(`appointment-${booked.appointment.id}@loket.example.be`);
    expect(first.ics.event.SEQUENCE).toBe('0');
    expect(icsInstant(first.ics.event.DTSTART!, first.ics.eventParams.DTSTART).toISOString()).toBe('2030-03-05T09:00:00.000Z');
    expect(icsInstant(first.ics.event.DTEND!, first.ics.eventParams.DTEND).toISOString()).toBe('2030-03-05T09:15:00.000Z');
    expect(first.ics.event.ORGANIZER).toMatch(/mailto:noreply@videoloket\.local/);

    const token = booked.manageUrl.split('/').pop()!;
    await bo.bookings.reschedule(token, { startsAt: '2030-03-06T10:00:00Z' });
    expect(smtp.inbox).toHaveLength(2);
    const update = calendarOf(smtp.inbox[1]!.raw).ics;
    expect(update.calendar.METHOD).toBe('REQUEST');
    expect(update.event.UID).toBe(uid);
    expect(update.event.SEQUENCE).toBe('1');
    expect(icsInstant(update.event.DTSTART!).toISOString()).toBe('2030-03-06T10:00:00.000Z');

    await bo.bookings.cancel(token);
    expect(smtp.inbox).toHaveLength(3);
    const cancel = calendarOf(smtp.inbox[2]!.raw);
    expect(cancel.part.headers['content-type']).toMatch(/method=CANCEL/i);
    expect(cancel.ics.calendar.METHOD).toBe('CANCEL');
    expect(cancel.ics.event.UID).toBe(uid);
    expect(Number(cancel.ics.event.SEQUENCE)).toBeGreaterThan(Number(update.event.SEQUENCE));
    expect(cancel.ics.event.STATUS).toBe('CANCELLED');

    // Cancelling again sends nothing.
    await bo.bookings.cancel(token);
    expect(smtp.inbox).toHaveLength(3);
  });

  it('a mail server outage does not undo the booking', async () => {
    const down = new SmtpMailer({ host: '127.0.0.1', port: 1, secure: false, from: 'x@example.be' });
    const bo2 = createBackoffice({ ...bo.deps, options: testOptions, mailer: down, log: pino({ level: 'silent' }) });
    const b = await bo2.bookings.book({ productId: 'report_problem', channel: 'video', startsAt: '2030-03-05T10:00:00Z', citizen, idempotencyKey: key() });
    expect(b.appointment.status).toBe('booked');
    down.close();
  });
});
