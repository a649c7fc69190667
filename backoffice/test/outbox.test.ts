import { ConflictError, NotFoundError } from '@videoloket/contracts';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackoffice, type Backoffice, type CreateBackofficeInput } from '../src/createBackoffice';
import type { Database } from '../src/db/Database';
import { signedJoinLinks } from '../src/joinLink';
import { SmtpMailer } from '../src/notify/Mailer';
import { OutboxRepository } from '../src/outbox/OutboxRepository';
import { OutboxWorker, type OutboxHandlers } from '../src/outbox/OutboxWorker';
import { OutboxOptions } from '../src/options';
import { seed } from '../src/seed/seed';
import { databases, dropSchema } from './support/databases';
import { header } from './support/mime';
import { startHttpReceiver, type HttpReceiver } from './support/receiver';
import { startSmtpCapture, type SmtpCapture } from './support/smtp';
import { NOW, citizen, key, testOptions } from './support/world';

// Issue 15 item 3: every push to an outside system goes through the outbox, written with the
// change that caused it. Real receivers on loopback (an HTTP server for the ZGW case system
// and the DOSIS status push, an SMTP server for mail) go down and come back; every message
// arrives exactly once, a message that keeps failing ends dead for an administrator, and a
// worker that dies mid-delivery loses nothing. On embedded PGlite and on PostgreSQL.
describe.each(databases)('outbox on $name', (adapter) => {
  let db: Database;
  let http: HttpReceiver;
  let smtp: SmtpCapture;
  let mailer: SmtpMailer;
  /** The back office's clock: back-off and leases pass by moving it, not by waiting. */
  let clock = NOW.getTime();
  const now = () => new Date(clock);

  beforeAll(async () => {
    db = await adapter.open();
    await seed(db);
    http = await startHttpReceiver();
    smtp = await startSmtpCapture();
    mailer = new SmtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'Videoloket <noreply@loket.example.be>' });
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await http.down();
    await dropSchema(db);
    await db.close();
  });

  const backoffice = (extra: Partial<CreateBackofficeInput['options']> = {}, input: Partial<CreateBackofficeInput> = {}): Backoffice =>
    createBackoffice({
      db,
      log: pino({ level: 'silent' }),
      createJoinLink: signedJoinLinks({ baseUrl: 'https://loket.example.be', secret: 'join-secret-for-tests-0123456789' }),
      now,
      ...input,
      options: {
        ...testOptions,
        caseSystem: {
          kind: 'zgw',
          baseUrl: http.base,
          clientId: 'videoloket-test',
          secret: 'zgw-client-secret-0123456789',
          rsin: '002220647',
          zaaktypen: { report_problem: `${http.base}/catalogi/api/v1/zaaktypen/melding` },
          statustypen: { requested: `${http.base}/catalogi/api/v1/statustypen/ontvangen`, in_progress: `${http.base}/catalogi/api/v1/statustypen/in-behandeling` },
        },
        statusPush: { kind: 'dosis', url: `${http.base}/dosis/v1/dossierstatus`, apiKey: 'dosis-api-key-0123456789', holderId: 'OVO002949' },
        citizenInbox: { kind: 'http', url: `${http.base}/burgerprofiel/v1/berichten`, apiKey: 'inbox-api-key-0123456789', senderId: 'OVO002949' },
        outbox: { maxAttempts: 10, retryBaseSeconds: 30, retryMaxSeconds: 60 },
        ...extra,
      },
    });
  const rows = (state: string) => db.query<{ id: string; kind: string; payload: unknown; attempts: number }>('select id, kind, payload, attempts from outbox where state = $1 order by seq', [state]);
  /** Rounds of the worker, a minute and a bit apart, until nothing is pending (or `rounds` ran). */
  const drain = async (bo: Backoffice, rounds = 20) => {
    for (let i = 0; i < rounds && (await rows('pending')).length > 0; i++) {
      clock += 61_000;
      await bo.outbox.deliverDue();
    }
  };
  const book = (bo: Backoffice, startsAt: string, email: string) =>
    bo.bookings.book({ productId: 'report_problem', channel: 'video', startsAt, citizen: { ...citizen, email }, idempotencyKey: key() });

  it('receivers down, then up: every mail and push arrives exactly once, in order per case', async () => {
    const bo = backoffice({}, { mailer });
    await http.down();
    await smtp.close();

    const booked = [];
    for (const [i, startsAt] of ['2030-03-05T09:00:00Z', '2030-03-05T09:15:00Z', '2030-03-05T09:30:00Z'].entries()) {
      booked.push(await book(bo, startsAt, `citizen${i}@example.be`));
    }
    const first = booked[0]!.appointment;
    await bo.cases.setStatus(first.caseId, { status: 'in_progress', message: 'We bekijken uw melding', notify: true }, 'clerk-an');
    // Nothing reached anyone; nothing is lost: per booking the case and its confirmation, and the status change's mail, inbox message, DOSIS push and ZGW status.
    expect(http.requests).toEqual([]);
    expect((await rows('pending')).map((r) => r.kind).sort()).toEqual(['case.create', 'case.create', 'case.create', 'case.status', 'inbox', 'mail', 'mail', 'mail', 'mail', 'status.push'].sort());
    await drain(bo, 3);
    expect(http.requests).toEqual([]);
    const queuedMails = (await rows('pending')).filter((r) => r.kind === 'mail').map((r) => r.id);

    await http.up();
    smtp = await startSmtpCapture({ port: smtp.port });
    await drain(bo);
    expect(await rows('pending')).toEqual([]);
    const delivered = await rows('delivered');
    expect(delivered).toHaveLength(10);
    // Delivered messages keep no content (addresses, texts, codes).
    expect(delivered.every((r) => r.payload === null)).toBe(true);

    // Mail: one message per notice, each with the Message-ID its outbox row gave it.
    expect(smtp.inbox).toHaveLength(4);
    expect(smtp.inbox.map((m) => header(m.raw, 'message-id')).sort()).toEqual(queuedMails.map((id) => `<${id}@loket.example.be>`).sort());
    expect(smtp.inbox.flatMap((m) => m.to).sort()).toEqual(['citizen0@example.be', 'citizen0@example.be', 'citizen1@example.be', 'citizen2@example.be']);
    expect(smtp.inbox.filter((m) => header(m.raw, 'subject')!.startsWith('Bevestiging'))).toHaveLength(3);

    // HTTP: no request twice (every key once), three zaken, their first statuses, then the change; one DOSIS push.
    expect(new Set(http.requests.map((r) => r.key)).size).toBe(http.requests.length);
    expect(http.requests.every((r) => r.key)).toBe(true);
    const paths = http.processed.map((r) => r.path);
    expect(paths.filter((p) => p === '/zaken/api/v1/zaken')).toHaveLength(3);
    expect(paths.filter((p) => p === '/zaken/api/v1/statussen')).toHaveLength(4);
    expect(paths.filter((p) => p === '/dosis/v1/dossierstatus')).toHaveLength(1);
    // The citizen-inbox message, shaped after a citizen profile's message API, in the citizen's language.
    const inbox = http.processed.filter((r) => r.path === '/burgerprofiel/v1/berichten');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.body).toMatchObject({ berichtId: inbox[0]!.key, afzender: 'OVO002949', dossiernummer: first.caseReference, type: 'statuswijziging', taal: 'nl', onderwerp: `Dossier ${first.caseReference}: In behandeling`, link: booked[0]!.statusUrl });
    expect(inbox[0]!.body.inhoud).toContain('We bekijken uw melding');
    const zaak = http.processed.find((r) => r.path === '/zaken/api/v1/zaken' && r.body.identificatie === first.caseReference)!;
    const zaakUrl = `${http.base}/zaken/api/v1/zaken/${http.processed.indexOf(zaak) + 1}`;
    const statuses = http.processed.filter((r) => r.path === '/zaken/api/v1/statussen' && r.body.zaak === zaakUrl).map((r) => r.body.statustype);
    expect(statuses).toEqual([`${http.base}/catalogi/api/v1/statustypen/ontvangen`, `${http.base}/catalogi/api/v1/statustypen/in-behandeling`]);
  });

  it('a message that keeps failing is dead after the configured attempts; an administrator retries or discards it', async () => {
    const bo = backoffice({ caseSystem: { kind: 'none' }, citizenInbox: { kind: 'stored' }, outbox: { maxAttempts: 3, retryBaseSeconds: 30, retryMaxSeconds: 60 } });
    const b = await book(bo, '2030-03-06T09:00:00Z', 'dead@example.be');
    await http.down();
    const before = http.requests.length;
    await bo.cases.setStatus(b.appointment.caseId, { status: 'in_progress' }, 'clerk-an'); // attempt 1, at once
    expect((await rows('pending')).map((r) => r.attempts)).toEqual([1]);
    await drain(bo, 5);
    const dead = await bo.deadLetters.list({ state: 'dead' });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ kind: 'status.push', state: 'dead', attempts: 3, caseReference: b.appointment.caseReference, lastError: expect.stringContaining('DOSIS') });
    expect(await bo.deadLetters.list({ state: 'pending' })).toEqual([]);

    // Back up: a dead message stays dead until someone acts.
    await http.up();
    await drain(bo, 3);
    clock += 3_600_000;
    expect(await bo.outbox.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    expect(http.requests.length).toBe(before);

    const retried = await bo.deadLetters.retry(dead[0]!.id, 'admin');
    expect(retried).toMatchObject({ id: dead[0]!.id, state: 'delivered' });
    expect(http.processed.filter((r) => r.key === dead[0]!.id)).toHaveLength(1);
    await expect(bo.deadLetters.retry(dead[0]!.id, 'admin')).rejects.toBeInstanceOf(ConflictError);

    // Another one, given up for good: discarded, never sent, its content dropped.
    await http.down();
    await bo.cases.setStatus(b.appointment.caseId, { status: 'waiting_for_citizen' }, 'clerk-an');
    await drain(bo, 5);
    const [second] = await bo.deadLetters.list({ state: 'dead' });
    await http.up();
    expect(await bo.deadLetters.discard(second!.id, 'admin')).toMatchObject({ state: 'discarded' });
    clock += 3_600_000;
    expect(await bo.outbox.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    expect(http.requests.some((r) => r.key === second!.id)).toBe(false);
    expect((await db.query<{ payload: unknown }>('select payload from outbox where id = $1', [second!.id]))[0]!.payload).toBeNull();
    await expect(bo.deadLetters.retry(second!.id, 'admin')).rejects.toBeInstanceOf(ConflictError);
    await expect(bo.deadLetters.discard('00000000-0000-4000-8000-000000000000', 'admin')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a worker that dies mid-delivery loses nothing: after its lease another delivers, the receiver processes each once', async () => {
    const a = backoffice({ caseSystem: { kind: 'none' }, citizenInbox: { kind: 'stored' } });
    const b = await book(a, '2030-03-06T10:00:00Z', 'restart@example.be');
    const sent = http.requests.length;
    http.hold = true;
    // Worker A sends the push and never hears back: its process is gone as far as the outbox knows.
    const abandoned = a.cases.setStatus(b.appointment.caseId, { status: 'in_progress' }, 'clerk-an');
    await http.waitForRequests(sent + 1);
    http.hold = false;
    const [held] = await rows('pending');
    expect(held).toMatchObject({ kind: 'status.push', attempts: 1 });

    // A second change waits for the first (same case, same receiver)…
    const restarted = backoffice({ caseSystem: { kind: 'none' }, citizenInbox: { kind: 'stored' } });
    await restarted.cases.setStatus(b.appointment.caseId, { status: 'waiting_for_citizen' }, 'clerk-an');
    expect(http.requests.length).toBe(sent + 1);
    // …and the restarted process delivers both once the lease (120 s) has run out.
    expect(await restarted.outbox.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    clock += OutboxOptions.parse({}).leaseSeconds * 1000 + 1000;
    expect(await restarted.outbox.deliverDue()).toEqual({ delivered: 2, failed: 0 });

    // The old worker's answer finally comes: too late to change what was recorded.
    http.release();
    await abandoned;
    expect(await rows('pending')).toEqual([]);
    const pushes = http.requests.slice(sent);
    expect(pushes.map((r) => r.key)).toEqual([held!.id, held!.id, expect.any(String)]);
    expect(http.processed.filter((r) => r.key === held!.id)).toHaveLength(1);
    expect(http.processed.slice(-2).map((r) => (r.body.status as { code: string }).code)).toEqual(['in_progress', 'waiting_for_citizen']);
  });

  it('two workers at once deliver each message once, each case\'s messages in order (claims skip what the other holds)', async () => {
    const cases = (await db.query<{ id: string }>('select id from cases order by id')).map((r) => r.id);
    expect(cases.length).toBeGreaterThan(3);
    const seen: { key: string; worker: string }[] = [];
    const handlersOf = (worker: string) => {
      const record = async ({ idempotencyKey }: { idempotencyKey: string }) => {
        seen.push({ key: idempotencyKey, worker });
        await new Promise((r) => setTimeout(r, 5)); // a receiver taking its time, so the two workers overlap
      };
      return Object.fromEntries(['mail', 'sms', 'inbox', 'case.create', 'case.status', 'case.document', 'status.push'].map((k) => [k, record])) as unknown as OutboxHandlers;
    };
    const byCase = new Map<string, string[]>();
    for (const caseId of cases) {
      for (let i = 0; i < 3; i++) {
        const id = await db.transaction((tx) => new OutboxRepository(tx).enqueue({ kind: 'sms', caseId, payload: { type: 'status', status: `s${i}` } }, now()));
        byCase.set(caseId, [...(byCase.get(caseId) ?? []), id]);
      }
    }
    const worker = (name: string) => new OutboxWorker(db, OutboxOptions.parse({ batchSize: 2 }), handlersOf(name), now, pino({ level: 'silent' }));
    const [x, y] = await Promise.all([worker('x').deliverDue(), worker('y').deliverDue()]);
    expect(x.delivered + y.delivered).toBe(cases.length * 3);
    expect(new Set(seen.map((s) => s.key)).size).toBe(seen.length);
    for (const ids of byCase.values()) expect(seen.map((s) => s.key).filter((k) => ids.includes(k))).toEqual(ids);
    const outbox = new OutboxRepository(db);
    for (const caseId of cases) expect(await outbox.statesOf('sms', caseId)).toEqual(['delivered', 'delivered', 'delivered']);
  });
});
