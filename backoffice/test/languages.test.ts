import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvEidRegister } from '../src/adapters/EidRegister';
import type { Backoffice } from '../src/createBackoffice';
import type { Database } from '../src/db/Database';
import { openDatabase } from '../src/db/openDatabase';
import { SmtpMailer } from '../src/notify/Mailer';
import { LoggingSmsProvider } from '../src/notify/SmsProvider';
import { decodedHeader as header, mimeParts } from './support/mime';
import { startSmtpCapture, type SmtpCapture } from './support/smtp';
import { key, world } from './support/world';

// Issue 15 item 2: the language the citizen chose when booking decides every text the back
// office sends them — mail (and its calendar and QR alternative), SMS and citizen-inbox
// message. Real SMTP server on loopback; the embedded inbox shows on the status page.
const expected = {
  fr: {
    confirmation: "Confirmation de rendez-vous : Carte d'identité électronique",
    greeting: 'Bonjour,',
    toPay: 'À payer : 25,00',
    qrFile: 'paiement-qr.png',
    statusSubject: (reference: string) => `Dossier ${reference} : En traitement`,
    statusLine: 'a un nouveau statut : En traitement.',
    paymentInbox: 'Demande de paiement pour le dossier',
    invitation: 'expire bientôt',
    code: 'Votre code personnel',
  },
  en: {
    confirmation: 'Appointment confirmed: Electronic identity card',
    greeting: 'Hello,',
    toPay: 'To pay: €25.00',
    qrFile: 'payment-qr.png',
    statusSubject: (reference: string) => `Case ${reference}: In progress`,
    statusLine: 'has a new status: In progress.',
    paymentInbox: 'Payment request for case',
    invitation: 'expires soon',
    code: 'Your personal code',
  },
} as const;

describe('every channel speaks the citizen\'s language', () => {
  let smtp: SmtpCapture;
  let mailer: SmtpMailer;
  let db: Database;
  let bo: Backoffice;
  let dir: string;
  const sms = new LoggingSmsProvider(pino({ level: 'silent' }));

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    mailer = new SmtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'Videoloket <noreply@loket.example.be>' });
    dir = await mkdtemp(path.join(tmpdir(), 'videoloket-register-'));
    const csv = path.join(dir, 'register.csv');
    await writeFile(
      csv,
      'citizen_key,name,email,phone,language,address,lat,lon,expires_on,reduced_mobility\n' +
        'P-FR,Marie Dubois,marie@example.be,,fr,"Rue Haute 1, 1000 Bruxelles",50.84,4.35,2030-04-10,no\n' +
        'P-EN,John Smith,john@example.be,,en,"Veldstraat 1, 9000 Gent",51.05,3.72,2030-04-12,no\n',
    );
    db = await openDatabase({ kind: 'pglite' });
    bo = await world(db, { mailer, sms, register: new CsvEidRegister(csv) });
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const textOf = (raw: string) => mimeParts(raw).find((p) => (p.headers['content-type'] ?? '').startsWith('text/plain'))!.body;

  it.each([
    ['fr', '2030-03-05T09:00:00Z'],
    ['en', '2030-03-05T09:30:00Z'],
  ] as const)('a citizen who booked in %s gets mail, SMS and inbox messages in it', async (language, startsAt) => {
    const words = expected[language];
    const email = `${language}@example.be`;
    const phone = language === 'fr' ? '+32470000001' : '+32470000002';
    const booked = await bo.bookings.book({ productId: 'eid', channel: 'counter', startsAt, citizen: { name: 'Citizen Test', email, phone, language }, idempotencyKey: key() });

    // The confirmation mail: subject, body, payment block, its QR image's name and the HTML's language.
    const [confirmation] = smtp.mailsTo(email);
    expect(header(confirmation!.raw, 'subject')).toBe(words.confirmation);
    const text = textOf(confirmation!.raw);
    expect(text.startsWith(words.greeting)).toBe(true);
    expect(text).toContain(words.toPay);
    expect(text).not.toContain('Goedendag');
    const parts = mimeParts(confirmation!.raw);
    expect(parts.find((p) => (p.headers['content-type'] ?? '').startsWith('image/png'))!.headers['content-disposition']).toContain(words.qrFile);
    expect(parts.find((p) => (p.headers['content-type'] ?? '').startsWith('text/html'))!.body).toContain(`<html lang="${language}">`);
    // The SMS.
    expect(sms.sent.filter((m) => m.to === phone).map((m) => m.text)).toEqual([expect.stringContaining(words.confirmation)]);

    // A status change: mail and inbox message.
    await bo.cases.setStatus(booked.appointment.caseId, { status: 'in_progress', notify: true }, 'clerk-an');
    const statusMail = smtp.mailsTo(email)[1]!;
    expect(header(statusMail.raw, 'subject')).toBe(words.statusSubject(booked.appointment.caseReference));
    expect(textOf(statusMail.raw)).toContain(words.statusLine);

    // The citizen inbox (embedded: on the status page): the payment request and the status change, both in their language.
    const page = await bo.cases.statusPage(booked.statusUrl.split('/').pop()!);
    expect(page.messages.map((m) => m.type).sort()).toEqual(['payment', 'status']);
    expect(page.messages.every((m) => m.language === language)).toBe(true);
    expect(page.messages.find((m) => m.type === 'payment')!.subject).toContain(words.paymentInbox);
    expect(page.messages.find((m) => m.type === 'status')!.body).toContain(words.statusLine);
  });

  it('a Dutch citizen still gets Dutch', async () => {
    const booked = await bo.bookings.book({ productId: 'eid', channel: 'counter', startsAt: '2030-03-05T10:00:00Z', citizen: { name: 'An Claes', email: 'nl@example.be', language: 'nl' }, idempotencyKey: key() });
    expect(header(smtp.mailsTo('nl@example.be')[0]!.raw, 'subject')).toBe('Bevestiging afspraak: Elektronische identiteitskaart');
    const page = await bo.cases.statusPage(booked.statusUrl.split('/').pop()!);
    expect(page.messages).toEqual([expect.objectContaining({ type: 'payment', language: 'nl', subject: `Betaalverzoek voor dossier ${booked.appointment.caseReference}` })]);
  });

  it('proactive invitations go out in the language of the register', async () => {
    expect(await bo.invitations.run()).toMatchObject({ opened: 2, sent: 2 });
    for (const [language, email] of [['fr', 'marie@example.be'], ['en', 'john@example.be']] as const) {
      const [mail] = smtp.mailsTo(email);
      expect(header(mail!.raw, 'subject')).toContain(expected[language].invitation);
      expect(textOf(mail!.raw)).toContain(expected[language].code);
    }
  });
});
