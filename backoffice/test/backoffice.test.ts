import { fileURLToPath } from 'node:url';
import { AppError, ConflictError, ForbiddenError, GoneError, NotFoundError, UnprocessableError, ValidationError } from '@videoloket/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvEidRegister } from '../src/adapters/EidRegister';
import { ClerkRepository } from '../src/repositories/ClerkRepository';
import { createBackoffice, type Backoffice } from '../src/createBackoffice';
import type { Database } from '../src/db/Database';
import { isValidStructuredCommunication } from '../src/structuredCommunication';
import { databases, dropSchema } from './support/databases';
import { RecordingMailer } from './support/RecordingMailer';
import { NOW, TUESDAY, citizen, key, testOptions, world } from './support/world';

// One shared suite, run against every Database adapter: embedded PGlite and real PostgreSQL.
describe.each(databases)('backoffice on $name', (adapter) => {
  let db: Database;
  let bo: Backoffice;
  const mailer = new RecordingMailer();
  const register = new CsvEidRegister(fileURLToPath(new URL('./fixtures/eid-register.csv', import.meta.url)));

  beforeAll(async () => {
    db = await adapter.open();
    bo = await world(db, { mailer, register });
  });
  afterAll(async () => {
    await dropSchema(db);
    await db.close();
  });

  const count = async (table: string) => Number((await db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n);
  const expectError = async (p: Promise<unknown>, cls: new (...a: never[]) => AppError, match?: RegExp) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(cls);
    if (match) expect((err as Error).message).toMatch(match);
  };

  describe('slot search', () => {
    it('follows opening hours, lunch break and the slot grid (Tuesday, CET)', async () => {
      const slots = await bo.slots.search({ productId: 'eid', channel: 'counter', from: TUESDAY, to: TUESDAY });
      const starts = slots.map((s) => s.startsAt);
      expect(starts[0]).toBe('2030-03-05T08:00:00.000Z'); // 09:00 local
      expect(starts).toContain('2030-03-05T11:00:00.000Z'); // 12:00 + 20 min ends before 12:30
      expect(starts).not.toContain('2030-03-05T11:15:00.000Z'); // would end 12:35, after closing
      expect(starts).not.toContain('2030-03-05T12:00:00.000Z'); // lunch
      expect(starts).toContain('2030-03-05T12:30:00.000Z'); // 13:30 local
      expect(slots.every((s) => s.kind === 'fixed' && s.endsAt === new Date(new Date(s.startsAt).getTime() + 20 * 60_000).toISOString())).toBe(true);
      expect(await bo.slots.search({ productId: 'eid', channel: 'counter', from: '2030-03-10', to: '2030-03-10' })).toEqual([]); // Sunday
    });

    it('respects clerk availability and absences', async () => {
      // Saturday morning only An works the counter; her absence empties it.
      const sat = '2030-03-16';
      expect((await bo.slots.search({ productId: 'eid', channel: 'counter', from: sat, to: sat })).length).toBeGreaterThan(0);
      await db.query(`insert into clerk_absences (clerk_id, starts_at, ends_at) values ('clerk-an', '2030-03-16T07:00:00Z', '2030-03-16T12:00:00Z')`);
      expect(await bo.slots.search({ productId: 'eid', channel: 'counter', from: sat, to: sat })).toEqual([]);
    });

    it('offers a product only with the clerks who handle it (the clerk directory’s products)', async () => {
      // Saturday morning only An works the counter: while she handles only reports, no eID there.
      const sat = '2030-03-23';
      const clerks = new ClerkRepository(db);
      await clerks.setProducts('clerk-an', ['report_problem']);
      expect(await bo.slots.search({ productId: 'eid', channel: 'counter', from: sat, to: sat })).toEqual([]);
      expect((await bo.slots.search({ productId: 'report_problem', channel: 'counter', from: sat, to: sat })).length).toBeGreaterThan(0);
      await clerks.setProducts('clerk-an', []);
      expect((await bo.slots.search({ productId: 'eid', channel: 'counter', from: sat, to: sat })).length).toBeGreaterThan(0);
    });

    it('does not offer slots before now + lead time', async () => {
      // Now is Monday 08:00 local; lead 60 min: the first Monday slot is 09:00.
      const slots = await bo.slots.search({ productId: 'eid', channel: 'counter', from: '2030-03-04', to: '2030-03-04' });
      expect(slots[0]!.startsAt).toBe('2030-03-04T08:00:00.000Z');
    });
  });

  describe('booking', () => {
    it('books, replays a double submission, and fills a slot with its clerks', async () => {
      const at = '2030-03-05T08:30:00Z';
      const k = key();
      const first = await bo.bookings.book({ productId: 'eid', channel: 'counter', startsAt: at, citizen, idempotencyKey: k });
      expect(first.replayed).toBe(false);
      expect(first.appointment.status).toBe('booked');
      expect(first.manageUrl).toMatch(/^https:\/\/loket\.example\.be\/afspraak\/[A-Za-z0-9_-]{40,}$/);
      const again = await bo.bookings.book({ productId: 'eid', channel: 'counter', startsAt: at, citizen, idempotencyKey: k });
      expect(again).toMatchObject({ replayed: true, appointment: { id: first.appointment.id }, manageUrl: first.manageUrl });
      await expectError(bo.bookings.book({ productId: 'eid', channel: 'counter', startsAt: '2030-03-05T08:45:00Z', citizen, idempotencyKey: k }), ConflictError, /different booking/);

      // Two counter clerks on Tuesday: the second booking takes the other one, the third finds none.
      const second = await bo.bookings.book({ productId: 'eid', channel: 'counter', startsAt: at, citizen, idempotencyKey: key() });
      expect(second.appointment.clerkId).not.toBe(first.appointment.clerkId);
      const cases = await count('cases');
      await expectError(bo.bookings.book({ productId: 'eid', channel: 'counter', startsAt: at, citizen, idempotencyKey: key() }), ConflictError);
      expect(await count('cases')).toBe(cases); // nothing half-written
      const slots = await bo.slots.search({ productId: 'eid', channel: 'counter', from: TUESDAY, to: TUESDAY });
      expect(slots.map((s) => s.startsAt)).not.toContain('2030-03-05T08:30:00.000Z');
      // A 20-minute slot at 09:15 local overlaps the 09:30 bookings too.
      expect(slots.map((s) => s.startsAt)).not.toContain('2030-03-05T08:15:00.000Z');
    });

    it('rejects bad input with clear errors and writes nothing', async () => {
      const before = { cases: await count('cases'), appts: await count('appointments') };
      const ok = { productId: 'eid', channel: 'counter', startsAt: '2030-03-05T09:00:00Z', citizen, idempotencyKey: key() };
      await expectError(bo.slots.search({ productId: 'eid', channel: 'counter', from: '2030-02-30', to: '2030-03-01' }), ValidationError);
      await expectError(bo.slots.search({ productId: 'eid', channel: 'counter', from: '2030-03-05', to: '2030-01-01' }), UnprocessableError);
      await expectError(bo.bookings.book({ ...ok, startsAt: '2030-02-30T09:00:00Z' }), ValidationError);
      await expectError(bo.bookings.book({ ...ok, startsAt: '2020-03-05T09:00:00Z' }), UnprocessableError, /past/);
      await expectError(bo.bookings.book({ ...ok, startsAt: '2030-03-05T09:07:00Z' }), UnprocessableError, /not a bookable slot/);
      await expectError(bo.bookings.book({ ...ok, startsAt: '2030-03-05T20:00:00Z' }), UnprocessableError, /not a bookable slot/);
      await expectError(bo.bookings.book({ ...ok, productId: 'moon_landing' }), NotFoundError, /Unknown product/);
      await expectError(bo.bookings.book({ ...ok, channel: 'video' }), UnprocessableError); // eID needs fingerprints: no video
      await expectError(bo.bookings.book({ ...ok, citizen: { ...citizen, name: 'x'.repeat(121) } }), ValidationError);
      await expectError(bo.bookings.book({ ...ok, remarks: 'x'.repeat(1001) }), ValidationError);
      await expectError(bo.bookings.book({ ...ok, citizen: { name: 'No Contact' } }), ValidationError);
      await expectError(bo.bookings.book({ ...ok, channel: 'home_visit' }), ValidationError, /address/);
      await expectError(bo.bookings.book({ ...ok, extra: 1 }), ValidationError);
      await expectError(bo.bookings.book('not an object'), ValidationError);
      expect({ cases: await count('cases'), appts: await count('appointments') }).toEqual(before);
    });

    it('reschedules (SEQUENCE up, old slot free) and cancels idempotently', async () => {
      const booked = await bo.bookings.book({ productId: 'passport', channel: 'counter', startsAt: '2030-03-06T13:30:00Z', citizen, idempotencyKey: key() });
      const token = booked.manageUrl.split('/').pop()!;
      const moved = await bo.bookings.reschedule(token, { startsAt: '2030-03-07T08:00:00Z' });
      expect(moved.appointment).toMatchObject({ id: booked.appointment.id, startsAt: '2030-03-07T08:00:00.000Z', sequence: 1 });
      await expectError(bo.bookings.reschedule(token, { startsAt: '2030-03-07T08:05:00Z' }), UnprocessableError);
      await expectError(bo.bookings.reschedule('x'.repeat(43), { startsAt: '2030-03-07T09:00:00Z' }), NotFoundError);
      const cancelled = await bo.bookings.cancel(token, { reason: 'verhinderd' });
      expect(cancelled).toMatchObject({ status: 'cancelled', alreadyCancelled: false });
      expect((await bo.bookings.byManageToken(token)).appointment).toMatchObject({ status: 'cancelled', sequence: 2 });
      expect(await bo.bookings.cancel(token)).toMatchObject({ alreadyCancelled: true });
      await expectError(bo.bookings.reschedule(token, { startsAt: '2030-03-07T09:00:00Z' }), GoneError);
    });
  });

  describe('concurrency', () => {
    it('two bookings for the last slot at once: exactly one wins', async () => {
      // Saturday 23 March, 09:00 local: only An works, so this slot has one place.
      const at = '2030-03-23T08:00:00Z';
      const results = await Promise.allSettled(
        [1, 2].map((i) => bo.bookings.book({ productId: 'compost_bin', channel: 'counter', startsAt: at, citizen: { ...citizen, name: `Racer ${"ABCDEFGHIJ"[i]}` }, idempotencyKey: key() })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(ConflictError);
      const rows = await db.query<{ n: number }>(`select count(*)::int as n from appointments where starts_at = $1 and status = 'booked'`, [new Date(at)]);
      expect(rows[0]!.n).toBe(1);
    });

    it('ten bookings at once for a slot with two clerks: exactly two win, no orphan cases', async () => {
      const at = '2030-03-12T09:00:00Z';
      const cases = await count('cases');
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => bo.bookings.book({ productId: 'compost_bin', channel: 'counter', startsAt: at, citizen: { ...citizen, name: `Racer ${"ABCDEFGHIJ"[i]}` }, idempotencyKey: key() })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof ConflictError)).toBe(true);
      expect(await count('cases')).toBe(cases + 2);
    });

    it('the same idempotency key submitted twice at once books once', async () => {
      const k = key();
      const req = { productId: 'compost_bin', channel: 'counter', startsAt: '2030-03-12T10:00:00Z', citizen, idempotencyKey: k };
      const [a, b] = await Promise.all([bo.bookings.book(req), bo.bookings.book(req)]);
      expect(a.appointment.id).toBe(b.appointment.id);
      expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    });
  });

  describe('cases, payments, evaluation', () => {
    it('follows the timeline, hides notes from the citizen, stores the evaluation after closing', async () => {
      const b = await bo.bookings.book({ productId: 'compost_bin', channel: 'counter', startsAt: '2030-03-13T09:00:00Z', citizen, idempotencyKey: key() });
      const caseId = b.appointment.caseId;
      const token = b.statusUrl.split('/').pop()!;
      expect(b.payment).toMatchObject({ amountCents: 3000, status: 'open' });
      expect(isValidStructuredCommunication(b.payment!.structuredReference)).toBe(true);

      let page = await bo.cases.statusPage(token);
      expect(page.status).toBe('planned');
      expect(page.timeline.filter((s) => s.reachedAt).map((s) => s.status)).toEqual(['requested', 'planned']);
      expect(page.evaluation).toBe('not_yet');

      await bo.cases.addNote(caseId, { text: 'Klant wil groen vat' }, 'clerk-an');
      await bo.cases.attachDocument(caseId, { documentId: 'doc_123', title: 'Aankoopbewijs' }, 'clerk-an');
      await expectError(bo.cases.setStatus(caseId, { status: 'teleported' }, 'clerk-an'), UnprocessableError, /not a status/);
      await expectError(bo.cases.submitEvaluation(token, { satisfaction: 5, ease: 5 }), ForbiddenError);
      let view = await bo.cases.markPaid(caseId, 'clerk-an');
      expect(view.paid).toBe(true);
      await bo.cases.setStatus(caseId, { status: 'decided', message: 'Vat staat klaar' }, 'clerk-an');
      await bo.cases.setStatus(caseId, { status: 'delivered' }, 'clerk-an');
      view = await bo.cases.setStatus(caseId, { status: 'closed', notify: false }, 'clerk-an');
      expect(view.closedAt).toBeDefined();
      expect(view.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['note', 'document', 'payment', 'status', 'appointment']));
      await expectError(bo.cases.setStatus(caseId, { status: 'decided' }, 'clerk-an'), ConflictError, /closed/);

      page = await bo.cases.statusPage(token);
      expect(page).toMatchObject({ status: 'closed', evaluation: 'open', payment: { status: 'paid' } });
      expect(JSON.stringify(page)).not.toContain('groen vat'); // the clerk's note stays internal
      expect(page.timeline.find((s) => s.status === 'decided')?.message).toBe('Vat staat klaar');

      await expectError(bo.cases.submitEvaluation(token, { satisfaction: 9, ease: 5 }), ValidationError);
      await bo.cases.submitEvaluation(token, { satisfaction: 4, ease: 5, wouldUseVideoAgain: true, comment: 'Vlot' });
      await expectError(bo.cases.submitEvaluation(token, { satisfaction: 1, ease: 1 }), ConflictError);
      expect((await bo.cases.get(caseId)).evaluation).toMatchObject({ satisfaction: 4, ease: 5, comment: 'Vlot' });
      expect((await bo.cases.statusPage(token)).evaluation).toBe('submitted');
      await expectError(bo.cases.statusPage('y'.repeat(43)), NotFoundError);
    });
  });

  describe('mobile counter', () => {
    const ghent = [
      { line: 'Brugsesteenweg 12, 9030 Mariakerke', location: { lat: 51.0735, lon: 3.671 } },
      { line: 'Brusselsesteenweg 400, 9050 Gentbrugge', location: { lat: 51.042, lon: 3.769 } },
      { line: 'Oude Abdijstraat 3, 9031 Drongen', location: { lat: 51.05, lon: 3.656 } },
      { line: 'Hundelgemsesteenweg 8, 9050 Ledeberg', location: { lat: 51.039, lon: 3.74 } },
    ];

    it('plans the day in route order, no longer than booking order, with checklist on the case', async () => {
      const window = '2030-03-05T12:00:00Z'; // 13:00–16:00 local
      const ids: string[] = [];
      for (const [i, address] of ghent.entries()) {
        const b = await bo.bookings.book({ productId: 'eid', channel: 'home_visit', startsAt: window, citizen: { ...citizen, name: `Bewoner ${"ABCDEFGHIJ"[i]}` }, address, idempotencyKey: key() });
        expect(b.appointment).toMatchObject({ channel: 'home_visit', clerkId: 'clerk-mobile-els', endsAt: '2030-03-05T15:00:00.000Z' });
        ids.push(b.appointment.id);
      }
      const plan = await bo.mobile.dayPlan({ clerkId: 'clerk-mobile-els', date: TUESDAY });
      const w = plan.windows.find((x) => x.startsAt === '2030-03-05T12:00:00.000Z')!;
      expect(w.visits).toHaveLength(4);
      expect(w.plannedKm).toBeLessThanOrEqual(w.bookingOrderKm);
      expect(w.plannedKm).toBeLessThan(w.bookingOrderKm); // the zig-zag booking order is worse
      expect(w.fits).toBe(true);
      expect(w.visits.map((v) => v.order)).toEqual([1, 2, 3, 4]);
      for (let i = 1; i < w.visits.length; i++) expect(w.visits[i]!.arriveAt > w.visits[i - 1]!.leaveAt).toBe(true);
      expect(plan.kit).toEqual(['biometrics_kit', 'card_reader', 'printer']);

      const first = w.visits[0]!;
      const list = await bo.mobile.setChecklistItem(first.appointmentId, { item: 'identity_verified', done: true }, 'clerk-mobile-els');
      expect(list).toMatchObject({ identity_verified: true, photo: false });
      await expectError(bo.mobile.setChecklistItem(first.appointmentId, { item: 'dance', done: true }, 'x'), ValidationError);
      const c = await bo.cases.get(first.caseId);
      expect(c.events.some((e) => e.kind === 'checklist' && e.text?.includes('identity_verified'))).toBe(true);
      const again = await bo.mobile.dayPlan({ clerkId: 'clerk-mobile-els', date: TUESDAY });
      expect(again.windows[0]!.visits.find((v) => v.appointmentId === first.appointmentId)!.checklist.identity_verified).toBe(true);
    });

    it('window capacity respects travel time: a far visit fills the window sooner', async () => {
      const window = '2030-03-06T08:00:00Z'; // Wednesday 09:00–12:00 local, 180 min
      const far = { line: 'Grote Markt 1, 8000 Brugge', location: { lat: 51.2089, lon: 3.2242 } }; // ~38 km: ~77 min at 30 km/h
      const farOther = { line: 'Grote Markt 1, 9300 Aalst', location: { lat: 50.9378, lon: 4.0403 } };
      await bo.bookings.book({ productId: 'passport', channel: 'home_visit', startsAt: window, citizen, address: far, idempotencyKey: key() });
      // Brugge → Aalst is ~65 km more: the window cannot take it…
      const farSlots = await bo.slots.search({ productId: 'passport', channel: 'home_visit', from: '2030-03-06', to: '2030-03-06', lat: farOther.location.lat, lon: farOther.location.lon });
      expect(farSlots.map((s) => s.startsAt)).not.toContain('2030-03-06T08:00:00.000Z');
      await expectError(bo.bookings.book({ productId: 'passport', channel: 'home_visit', startsAt: window, citizen, address: farOther, idempotencyKey: key() }), ConflictError);
      // …but still a visit near the town hall.
      const near = await bo.slots.search({ productId: 'passport', channel: 'home_visit', from: '2030-03-06', to: '2030-03-06', lat: 51.05, lon: 3.72 });
      expect(near.find((s) => s.startsAt === '2030-03-06T08:00:00.000Z')).toMatchObject({ kind: 'window', endsAt: '2030-03-06T11:00:00.000Z' });
    });
  });

  describe('proactive invitations', () => {
    it('opens a case and invites once per expiring card; the code prefills the booking', async () => {
      mailer.sent.length = 0;
      const first = await bo.invitations.run();
      // Window: 60 days from 2030-03-04 → P-0001 and P-0002; P-0003 too late; P-0004 is a bad row.
      expect(first).toMatchObject({ considered: 2, opened: 2, sent: 2, failed: 0 });
      expect(register.problems).toHaveLength(1);
      const second = await bo.invitations.run();
      expect(second).toMatchObject({ considered: 2, opened: 0, sent: 0 });
      expect(mailer.sent).toHaveLength(2);

      const valerieMail = mailer.sent.find((m) => m.to === 'valerie@example.be')!;
      const code = /persoonlijke code: ([A-Z0-9-]+)/.exec(valerieMail.text)![1]!;
      const prefill = await bo.invitations.prefill(code.toLowerCase());
      expect(prefill).toMatchObject({ productId: 'eid', reducedMobility: true, expiresOn: '2030-04-10', citizen: { name: 'Valerie Claes' } });
      expect(prefill.channels).toContain('home_visit');
      const janCode = /persoonlijke code: ([A-Z0-9-]+)/.exec(mailer.sent.find((m) => m.to === 'jan@example.be')!.text)![1]!;
      expect((await bo.invitations.prefill(janCode)).channels).not.toContain('home_visit');
      await expectError(bo.invitations.prefill('AAAA-BBBB-CC'), NotFoundError);

      const booked = await bo.bookings.book({
        productId: 'eid', channel: 'home_visit', startsAt: '2030-03-07T08:00:00Z', invitationCode: code,
        citizen: { name: prefill.citizen.name, email: prefill.citizen.email },
        address: { line: prefill.address!.line, location: prefill.address!.location! }, idempotencyKey: key(),
      });
      const c = await bo.cases.get(booked.appointment.caseId);
      expect(c.status).toBe('planned');
      expect(c.events.filter((e) => e.kind === 'status').map((e) => e.status)).toEqual(['requested', 'planned']);

      // Issue 9: a code books once. Reusing it (prefill or booking) is refused and books nothing.
      const appointments = await count('appointments');
      await expectError(bo.invitations.prefill(code), GoneError, /already used/);
      await expectError(
        bo.bookings.book({ productId: 'eid', channel: 'counter', startsAt: '2030-03-07T09:00:00Z', invitationCode: code, citizen: { name: 'Someone Else', email: 'else@example.be' }, idempotencyKey: key() }),
        GoneError,
      );
      expect(await count('appointments')).toBe(appointments);
      // … and an unused code expires codeValidDays (default 90) after it was sent.
      const later = (days: number) => createBackoffice({ ...bo.deps, options: testOptions, now: () => new Date(NOW.getTime() + days * 86_400_000) });
      expect((await later(89).invitations.prefill(janCode)).productId).toBe('eid');
      await expectError(later(90).invitations.prefill(janCode), GoneError, /expired/);
      await expectError(
        later(90).bookings.book({ productId: 'eid', channel: 'counter', startsAt: '2030-06-04T07:00:00Z', invitationCode: janCode, citizen: { name: 'Jan Peeters', email: 'jan@example.be' }, idempotencyKey: key() }),
        GoneError,
      );
    });

    it('two bookings racing with one code: one books, the other is refused', async () => {
      await db.query(`update invitations set sent_at = null where citizen_key = 'P-0002'`);
      mailer.sent.length = 0;
      await bo.invitations.run();
      const code = /persoonlijke code: ([A-Z0-9-]+)/.exec(mailer.sent.find((m) => m.to === 'jan@example.be')!.text)![1]!;
      const results = await Promise.allSettled(
        ['2030-03-07T09:00:00Z', '2030-03-07T10:00:00Z'].map((startsAt) =>
          bo.bookings.book({ productId: 'eid', channel: 'counter', startsAt, invitationCode: code, citizen: { name: 'Jan Peeters', email: 'jan@example.be' }, idempotencyKey: key() }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(GoneError);
    });

    it('a failed send is retried by the outbox once its back-off passed, still never twice', async () => {
      await db.query(`update invitations set sent_at = null where citizen_key = 'P-0002'`);
      mailer.sent.length = 0;
      mailer.failNext = 1;
      expect(await bo.invitations.run()).toMatchObject({ opened: 0, sent: 0, failed: 1 });
      // A second run claims nothing: the invitation waits in the outbox, not in the job.
      expect(await bo.invitations.run()).toMatchObject({ opened: 0, sent: 0, failed: 0 });
      expect(await bo.outbox.deliverDue()).toEqual({ delivered: 0, failed: 0 }); // its back-off (30 s) has not passed
      const later = createBackoffice({ ...bo.deps, options: testOptions, now: () => new Date(NOW.getTime() + 31_000) });
      expect(await later.outbox.deliverDue()).toEqual({ delivered: 1, failed: 0 });
      expect(await later.outbox.deliverDue()).toEqual({ delivered: 0, failed: 0 });
      expect(mailer.sent.map((m) => m.to)).toEqual(['jan@example.be']);
      expect(mailer.sent[0]!.text).toMatch(/persoonlijke code: [A-Z0-9-]+/);
    });
  });

  describe('reminders', () => {
    it('sends tomorrow\'s reminders once', async () => {
      mailer.sent.length = 0;
      const first = await bo.bookings.sendReminders();
      expect(first.sent).toBeGreaterThan(0);
      expect(mailer.sent.every((m) => m.subject.startsWith('Herinnering'))).toBe(true);
      expect(await bo.bookings.sendReminders()).toEqual({ sent: 0, failed: 0 });
    });
  });
});
