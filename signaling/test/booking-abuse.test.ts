import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadingZeroBits, proofInput, solveProof, type BookingChallengeView, type BookingProof, type ErrorBody, type SlotView } from '@videoloket/contracts';
import { header, mimeParts, startSmtpCapture, type SmtpCapture } from '@videoloket/backoffice/testing';
import { startTestServer, type TestServer } from './support';

// Issue 9 findings 4 and 8 and the booking items of 9, as an anonymous attacker on the internet
// would try them, against the real server with a real SMTP server on loopback. TRUST_PROXY lets
// each scenario come from its own client address (X-Forwarded-For), as behind a reverse proxy.

const PER_IP_HOUR = 10;
const PER_CONTACT_DAY = 5;
const TTL_SECONDS = 8;

let smtp: SmtpCapture;
let server: TestServer;
let slots: SlotView[] = [];
let nextSlot = 0;

type Reply = { status: number; body: Record<string, unknown> & Partial<ErrorBody>; headers: Headers };

async function call(method: 'GET' | 'POST', path: string, opts: { body?: unknown; from?: string; token?: string } = {}): Promise<Reply> {
  const res = await fetch(`${server.app.url}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.from ? { 'x-forwarded-for': opts.from } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Reply['body']) : {}, headers: res.headers };
}

async function proofFor(idempotencyKey: string, from = '198.51.100.1'): Promise<BookingProof> {
  const reply = await call('GET', '/api/backoffice/booking-challenge', { from });
  expect(reply.status, 'GET /booking-challenge').toBe(200);
  const c = reply.body as unknown as BookingChallengeView;
  return { challenge: c.challenge, nonce: solveProof({ challenge: c.challenge, idempotencyKey, difficulty: c.difficulty }) };
}

function booking(over: { name?: string; email?: string; phone?: string; startsAt?: string; key?: string } = {}) {
  const startsAt = over.startsAt ?? slots[nextSlot++]!.startsAt;
  return {
    productId: 'report_problem',
    channel: 'video',
    startsAt,
    citizen: { name: over.name ?? 'Valerie Claes', ...(over.phone ? { phone: over.phone } : { email: over.email ?? `c-${randomUUID()}@example.be` }), language: 'nl' },
    idempotencyKey: over.key ?? randomUUID(),
  };
}

async function book(body: ReturnType<typeof booking>, from: string, proof?: BookingProof): Promise<Reply> {
  return call('POST', '/api/backoffice/appointments', { body: { ...body, proof: proof ?? (await proofFor(body.idempotencyKey, from)) }, from });
}

/** A password account for the directory's (seeded) clerk `clerkId`; returns its username. */
async function addAccount(clerkId: string): Promise<string> {
  const username = `desk-${randomUUID().slice(0, 8)}`;
  await server.app.clerks.add({ username, displayName: `Desk ${clerkId}`, password: 'another-password-1', id: clerkId });
  return username;
}

async function loginAs(username: string): Promise<string> {
  const reply = await call('POST', '/api/auth/login', { body: { username, password: 'another-password-1' } });
  expect(reply.status, `login ${username}`).toBe(200);
  return reply.body.token as string;
}

const appointmentCount = async () => Number((await server.app.db.query<{ n: number }>('select count(*)::int as n from appointments'))[0]!.n);
/** Mail delivery is after the response; give it a moment before counting. */
const settle = () => new Promise((r) => setTimeout(r, 500));

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startTestServer({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    TRUST_PROXY: 'true',
    // Low so the tests solve quickly; the check is the same at any difficulty.
    BOOKING_POW_DIFFICULTY: '10',
    BOOKING_POW_TTL_SECONDS: String(TTL_SECONDS),
    BOOKING_LIMIT_PER_IP_HOUR: String(PER_IP_HOUR),
    BOOKING_LIMIT_PER_CONTACT_DAY: String(PER_CONTACT_DAY),
  });
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  slots = (await call('GET', `/api/backoffice/slots?productId=report_problem&channel=video&from=${day(2)}&to=${day(20)}`)).body as unknown as SlotView[];
  expect(slots.length).toBeGreaterThan(120);
});

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

describe('finding 4: booking spam and mail abuse', () => {
  it('40 bookings in a row from one address: refused after the limit, no mail beyond it', async () => {
    const before = await appointmentCount();
    const attempts = Array.from({ length: 40 }, (_, i) => booking({ email: `spam-${i}@example.be` }));
    const replies: Reply[] = [];
    for (const b of attempts) replies.push(await book(b, '203.0.113.40'));
    expect(replies.slice(0, PER_IP_HOUR).map((r) => r.status)).toEqual(Array(PER_IP_HOUR).fill(201));
    const refused = replies.slice(PER_IP_HOUR);
    expect(refused.every((r) => r.status === 429 && r.body.code === 'RATE_LIMITED')).toBe(true);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    await settle();
    expect(await appointmentCount()).toBe(before + PER_IP_HOUR);
    expect(attempts.filter((b) => 'email' in b.citizen && smtp.mailsTo(b.citizen.email).length > 0)).toHaveLength(PER_IP_HOUR);
    // Another client address is not affected.
    expect((await book(booking(), '203.0.113.41')).status).toBe(201);
  });

  it('one victim mailbox, many addresses: at most the daily limit of confirmations reaches it', async () => {
    const victim = 'victim@example.be';
    const replies: Reply[] = [];
    // "+tags" reach the same mailbox; they count as one.
    for (let i = 0; i < PER_CONTACT_DAY + 3; i++) replies.push(await book(booking({ email: i % 2 ? `victim+${i}@Example.be` : victim }), `198.51.100.${10 + i}`));
    expect(replies.map((r) => r.status)).toEqual([...Array(PER_CONTACT_DAY).fill(201), ...Array(3).fill(429)]);
    await settle();
    expect(smtp.inbox.filter((m) => m.to.some((t) => t.toLowerCase().replace(/\+\d+/, '') === victim))).toHaveLength(PER_CONTACT_DAY);
    // Same for a phone number (SMS goes to it).
    const phone = '+32470999111';
    const sms: number[] = [];
    for (let i = 0; i < PER_CONTACT_DAY + 1; i++) sms.push((await book(booking({ phone }), `198.51.100.${40 + i}`)).status);
    expect(sms).toEqual([...Array(PER_CONTACT_DAY).fill(201), 429]);
  });

  it('a booking without a proof, or with a wrong, expired or spent one, is refused and books nothing', async () => {
    const before = await appointmentCount();
    const from = '192.0.2.50';
    const b = booking();
    const missing = await call('POST', '/api/backoffice/appointments', { body: b, from });
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toContainEqual(expect.objectContaining({ path: 'proof' }));

    const good = await proofFor(b.idempotencyKey, from);
    // A nonce that does not solve it (the first nonce that fails for this key).
    const solves = (n: string) => leadingZeroBits(createHash('sha256').update(proofInput(good.challenge, b.idempotencyKey, n)).digest()) >= 10;
    const wrongNonce = Array.from({ length: 50 }, (_, i) => String(i)).find((n) => !solves(n))!;
    expect((await book(b, from, { ...good, nonce: wrongNonce })).body.code).toBe('PROOF_INVALID');
    // A lower difficulty or a later expiry written into the challenge breaks its signature.
    const [id, , exp, mac] = good.challenge.split('.');
    expect((await book(b, from, { challenge: `${id}.0.${exp}.${mac}`, nonce: '0' })).body.code).toBe('PROOF_INVALID');
    // Solved for one submission, spent there; solved again for another submission: refused.
    expect((await book(b, from, good)).status).toBe(201);
    const other = booking();
    const sameChallenge = { challenge: good.challenge, nonce: solveProof({ challenge: good.challenge, idempotencyKey: other.idempotencyKey, difficulty: 10 }) };
    const reused = await book(other, from, sameChallenge);
    expect([reused.status, reused.body.code]).toEqual([409, 'PROOF_REUSED']);
    // Expired: solved in time, sent too late.
    const late = booking();
    const stale = await proofFor(late.idempotencyKey, from);
    await new Promise((r) => setTimeout(r, (TTL_SECONDS + 1) * 1000));
    const expired = await book(late, from, stale);
    expect([expired.status, expired.body.code]).toEqual([400, 'PROOF_EXPIRED']);
    expect(await appointmentCount()).toBe(before + 1);
  });

  it('a name with CR/LF, a web address or a mail header is refused; what passes is quoted in the mail, not linked', async () => {
    const from = '192.0.2.60';
    const before = await appointmentCount();
    const bad = [
      { name: 'Valerie Claes\r\n\r\nUw betaling is mislukt' },
      { name: 'Jan https://pay.evil.example/betaal' },
      { name: 'Jan www.evil.example' },
      { name: 'Jan \u202Eserif' },
      { email: 'victim@example.be\r\nBcc: all@example.be' },
    ];
    for (const over of bad) {
      const r = await book(booking(over), from);
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.body.code).toBe('BAD_REQUEST');
    }
    expect(await appointmentCount()).toBe(before);

    // Letters and dots pass the name rule; in the mail they are the citizen's words, quoted and unlinkable.
    const email = 'quoted@example.be';
    const name = 'Jan Peeters. Betaal nu via pay.evil.example';
    const r = await book(booking({ name, email }), from);
    expect(r.status).toBe(201);
    await settle();
    const [mail] = smtp.mailsTo(email);
    expect(mail).toBeDefined();
    expect(header(mail!.raw, 'subject')).toMatch(/^Bevestiging afspraak: /);
    expect(header(mail!.raw, 'bcc')).toBeUndefined();
    const text = mimeParts(mail!.raw).find((p) => (p.headers['content-type'] ?? '').startsWith('text/plain'))!.body;
    const lines = text.split(/\r?\n/);
    expect(lines[0]).toBe('Goedendag,');
    // The name appears exactly once: on its labelled line in the block of what the citizen typed.
    const nameLines = lines.filter((l) => l.replace(/\u200B/g, '').includes('Jan Peeters'));
    expect(nameLines).toEqual([expect.stringMatching(/^ {2}Naam: «.*»$/)]);
    expect(lines[lines.indexOf(nameLines[0]!) - 1]).toMatch(/^Zoals u het zelf invulde/);
    expect(nameLines[0]!.replace(/\u200B/g, '')).toBe(`  Naam: «${name}»`);
    // Not linkable: the web address is broken up by zero-width spaces.
    expect(text).not.toContain('pay.evil.example');
    expect(text).not.toMatch(/^Betaal/m);
  });
});

describe('finding 8: an idempotency key is not a way to someone else’s links', () => {
  it('short keys are refused', async () => {
    const b = booking({ key: 'abcdefgh' });
    const r = await call('POST', '/api/backoffice/appointments', { body: { ...b, proof: { challenge: 'x'.repeat(30), nonce: '1' } }, from: '192.0.2.70' });
    expect(r.status).toBe(400);
    expect(r.body.issues).toContainEqual(expect.objectContaining({ path: 'idempotencyKey' }));
  });

  it('replaying a booking’s key with its public product, time and channel returns no links; the same client’s retry does', async () => {
    const victim = booking({ name: 'Valerie Claes', email: 'valerie.claes@example.be' });
    const first = await book(victim, '192.0.2.80');
    expect(first.status).toBe(201);
    const manageUrl = first.body.manageUrl as string;
    expect(manageUrl).toBeTruthy();

    // The attacker knows the key (and the public product/slot), solves a proof for it, and asks with their own contact.
    const attack = { ...victim, citizen: { name: 'Eve Attacker', email: 'eve@example.be', language: 'nl' } };
    const replay = await book(attack, '192.0.2.81');
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('CONFLICT');
    const leaked = JSON.stringify(replay.body);
    expect(leaked).not.toContain(manageUrl);
    expect(leaked).not.toMatch(/afspraak\/|dossier\/|#t=/);
    // Even the victim's own contact with another name (a guess) is not enough.
    expect((await book({ ...victim, citizen: { ...victim.citizen, name: 'Valerie' } }, '192.0.2.81')).status).toBe(409);

    // The victim's browser retrying the very same request (double click, timeout) gets the booking back.
    const retry = await book(victim, '192.0.2.80');
    expect(retry.status).toBe(200);
    expect(retry.body.replayed).toBe(true);
    expect(retry.body.manageUrl).toBe(manageUrl);
  });
});

describe('finding 9: ids, date bounds and appointment calls', () => {
  it('far-future and far-past dates are a 400 with the field named, not a 500', async () => {
    const far = await call('GET', '/api/backoffice/slots?productId=report_problem&channel=video&from=9999-12-01&to=9999-12-02');
    expect([far.status, far.body.code]).toEqual([400, 'BAD_REQUEST']);
    expect(far.body.issues).toContainEqual(expect.objectContaining({ path: 'from' }));
    const past = await call('GET', '/api/backoffice/slots?productId=report_problem&channel=video&from=0001-01-01&to=0001-01-02');
    expect(past.status).toBe(400);
    const b = booking({ startsAt: '9999-12-01T10:00:00+01:00' });
    const r = await call('POST', '/api/backoffice/appointments', { body: { ...b, proof: await proofFor(b.idempotencyKey) }, from: '192.0.2.90' });
    expect([r.status, r.body.code]).toEqual([400, 'BAD_REQUEST']);
    expect(r.body.issues).toContainEqual(expect.objectContaining({ path: 'startsAt' }));
    const clerk = await server.login();
    const list = await call('GET', '/api/backoffice/appointments?date=9999-12-31', { token: clerk });
    expect(list.status).toBe(400);
  });

  it('ids that are not UUIDs are a 400, not a database error', async () => {
    const clerk = await server.login();
    for (const path of ['/api/backoffice/cases/not-a-uuid', `/api/backoffice/cases/${'a'.repeat(64)}`]) {
      const r = await call('GET', path, { token: clerk });
      expect([r.status, r.body.code], path).toEqual([400, 'BAD_REQUEST']);
    }
    const checklist = await call('POST', '/api/backoffice/visits/not-a-uuid/checklist', { token: clerk, body: { item: 'photo', done: true } });
    expect(checklist.status).toBe(400);
    expect((await call('GET', `/api/backoffice/cases/${randomUUID()}`, { token: clerk })).status).toBe(404);
  });

  it('an appointment call is opened only for a booked video appointment', async () => {
    const clerk = await server.login();
    const calls = () => server.app.registry.list().length;
    const before = calls();
    const start = (id: string) => call('POST', `/api/calls/appointments/${id}`, { token: clerk, body: { title: 'Afspraak' } });

    expect((await start('a'.repeat(64))).status).toBe(400);
    expect([(await start(randomUUID())).body.code, (await start(randomUUID())).body.message]).toEqual(['NOT_FOUND', 'Unknown appointment']);
    const lastDay = slots.at(-1)!.startsAt.slice(0, 10);
    const counterSlots = (await call('GET', `/api/backoffice/slots?productId=report_problem&channel=counter&from=${lastDay}&to=${lastDay}`)).body as unknown as SlotView[];
    const counter = await book({ ...booking(), channel: 'counter', startsAt: counterSlots[0]!.startsAt }, '192.0.2.100');
    expect(counter.status).toBe(201);
    const counterId = (counter.body.appointment as { id: string }).id;
    expect([(await start(counterId)).status, (await start(counterId)).body.code]).toEqual([409, 'CONFLICT']);
    expect(calls()).toBe(before);

    const video = await book(booking(), '192.0.2.101');
    const { id: videoId, clerkId: appointmentClerk } = video.body.appointment as { id: string; clerkId: string };
    // Issue 10: the account of another bookable clerk is refused by name; nothing opens.
    const otherClerk = await loginAs(await addAccount(appointmentClerk === 'clerk-an' ? 'clerk-youssef' : 'clerk-an'));
    const foreign = await call('POST', `/api/calls/appointments/${videoId}`, { token: otherClerk, body: { title: 'Afspraak' } });
    expect([foreign.status, foreign.body.code, foreign.body.message]).toEqual([403, 'FORBIDDEN', "This appointment is another clerk's"]);
    expect(calls()).toBe(before);

    const opened = await start(videoId);
    expect(opened.status).toBe(200);
    // The call is the appointment's record, the one its mailed join link names.
    const record = await server.app.calls.repository.byAppointment(videoId);
    const joinUrl = (video.body.joinLink as { url: string }).url;
    const linkCall = (JSON.parse(Buffer.from(joinUrl.split('#t=')[1]!.split('.')[1]!, 'base64url').toString('utf8')) as { call: string }).call;
    expect([opened.body.callId, record?.id, record?.status, record?.caseId]).toEqual([linkCall, linkCall, 'waiting', (video.body.appointment as { caseId: string }).caseId]);
    expect(calls()).toBe(before + 1);
    // The account tied to the appointment's own clerk gets the same call.
    const ownClerk = await loginAs(await addAccount(appointmentClerk));
    const again = await call('POST', `/api/calls/appointments/${videoId}`, { token: ownClerk, body: { title: 'Afspraak' } });
    expect([again.status, again.body.callId]).toEqual([200, linkCall]);
    expect(calls()).toBe(before + 1);

    const cancelled = await book(booking(), '192.0.2.102');
    const token = (cancelled.body.manageUrl as string).split('/').pop()!;
    expect((await call('POST', `/api/backoffice/manage/${token}/cancel`, { body: {} })).status).toBe(200);
    const refused = await start((cancelled.body.appointment as { id: string }).id);
    expect([refused.status, refused.body.code, refused.body.message]).toEqual([409, 'CONFLICT', 'This appointment was cancelled']);
    expect(calls()).toBe(before + 1);
  });
});
