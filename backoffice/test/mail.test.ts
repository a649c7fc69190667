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
import { decodeQrPng, parseEpcQr } from './support/qr';
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

  it('a booking with a fee mails the transfer in words and an EPC QR code a banking app can scan', async () => {
    const before = smtp.inbox.length;
    const booked = await bo.bookings.book({ productId: 'eid', channel: 'counter', startsAt: '2030-03-07T09:00:00Z', citizen, idempotencyKey: key() });
    expect(smtp.inbox).toHaveLength(before + 1);
    const reference = booked.payment!.structuredReference;
    const parts = mimeParts(smtp.inbox[before]!.raw);
    const text = parts.find((p) => (p.headers['content-type'] ?? '').startsWith('text/plain'))!.body;
    expect(text).toContain('BE71 0961 2345 6769');
    expect(text).toContain(reference);
    expect(text).toMatch(/25,00/);

    // The QR image: decoded from its pixels, every EPC field is what the citizen must pay.
    const png = parts.find((p) => (p.headers['content-type'] ?? '').startsWith('image/png'));
    expect(png, 'a PNG part').toBeDefined();
    const payload = decodeQrPng(png!.bytes);
    expect(payload, 'the PNG holds a readable QR code').toBeDefined();
    expect(parseEpcQr(payload!)).toEqual({
      serviceTag: 'BCD',
      version: '002',
      charset: '1',
      identification: 'SCT',
      bic: 'GKCCBEBB',
      beneficiary: 'Stad Teststad',
      iban: 'BE71096123456769',
      amount: 'EUR25.00',
      purpose: '',
      structuredReference: reference.replace(/\D/g, ''),
      text: undefined,
      information: undefined,
    });

    // The HTML alternative shows that image in line, with a text alternative naming every field.
    const html = parts.find((p) => (p.headers['content-type'] ?? '').startsWith('text/html'))!.body;
    const cid = /<img src="cid:([^"]+)"[^>]*alt="([^"]+)"/.exec(html);
    expect(cid?.[1]).toBe(png!.headers['content-id']!.replace(/[<>]/g, ''));
    expect(cid?.[2]).toContain('BE71 0961 2345 6769');
    expect(cid?.[2]).toContain(reference);
  });

  it('a booking without a fee mails no payment block and no image', async () => {
    const before = smtp.inbox.length;
    await bo.bookings.book({ productId: 'travel_permit_minor', channel: 'video', startsAt: '2030-03-07T10:00:00Z', citizen, idempotencyKey: key() });
    const parts = mimeParts(smtp.inbox[before]!.raw);
    expect(parts.some((p) => (p.headers['content-type'] ?? '').startsWith('image/'))).toBe(false);
    expect(parts.find((p) => (p.headers['content-type'] ?? '').startsWith('text/plain'))!.body).not.toContain('Te betalen');
  });
});
