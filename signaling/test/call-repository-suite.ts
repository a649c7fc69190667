import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@videoloket/backoffice';
import { CallRepository } from '../src/call/records/CallRepository';
import { insertAppointment } from './call-records-support';

// The CallRepository contract, one suite run against every database adapter
// (call-repository.test.ts: PGlite on disk, real PostgreSQL), with the real migrations.

export interface CallDatabaseFixture {
  db: Database;
  /** Closes and opens the same database again (a process restart). */
  reopen(): Promise<Database>;
  close(): Promise<void>;
}

const t = (minute: number) => new Date(Date.UTC(2026, 11, 7, 9, minute));

export function describeCallRepositorySuite(name: string, open: () => Promise<CallDatabaseFixture>): void {
  describe(`CallRepository: ${name}`, () => {
    let fx: CallDatabaseFixture;
    let repo: CallRepository;
    beforeAll(async () => {
      fx = await open();
      repo = new CallRepository(fx.db);
    });
    afterAll(async () => {
      await fx?.close();
    });

    it('records a call and gives it back; an unknown id is null; the same id twice is a CONFLICT that keeps the first', async () => {
      const id = randomUUID();
      const created = await repo.create({ id, title: 'Parkeerkaart', status: 'waiting', createdBy: 'clerk-1', at: t(0) });
      expect(created).toEqual({
        id,
        title: 'Parkeerkaart',
        status: 'waiting',
        appointmentId: null,
        caseId: null,
        createdBy: 'clerk-1',
        endedBy: null,
        outcome: null,
        createdAt: t(0),
        startedAt: t(0),
        endedAt: null,
        expiresAt: null,
      });
      expect(await repo.get(id)).toEqual(created);
      expect(await repo.get('no-such-call')).toBeNull();
      await expect(repo.create({ id, title: 'Other', status: 'waiting', at: t(1) })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await repo.get(id))!.title).toBe('Parkeerkaart');
    });

    it('keeps the status history in order with who did what: waiting → active → completed, with its outcome', async () => {
      const id = randomUUID();
      await repo.create({ id, title: 'Mantelzorgpremie', status: 'waiting', createdBy: 'clerk-1', at: t(0) });
      // Only a final status keeps an outcome.
      expect(await repo.transition(id, 'active', { at: t(2), outcome: 'no-show' })).toMatchObject({ status: 'active', outcome: null });
      const done = await repo.transition(id, 'completed', { at: t(20), actor: 'clerk-1', reason: 'ended-by-clerk', outcome: 'follow-up' });
      expect(done).toMatchObject({ status: 'completed', startedAt: t(0), endedAt: t(20), endedBy: 'clerk-1', outcome: 'follow-up' });
      expect(await repo.get(id)).toMatchObject({ outcome: 'follow-up' });
      expect(await repo.history(id)).toEqual([
        { status: 'waiting', at: t(0), actor: 'clerk-1', reason: null },
        { status: 'active', at: t(2), actor: null, reason: null },
        { status: 'completed', at: t(20), actor: 'clerk-1', reason: 'ended-by-clerk' },
      ]);
    });

    it('refuses a step the lifecycle does not allow and changes nothing', async () => {
      const id = randomUUID();
      await repo.create({ id, title: 'Eenmaal', status: 'waiting', at: t(0) });
      await repo.transition(id, 'ended', { at: t(1), actor: 'clerk-2' });
      await expect(repo.transition(id, 'active', { at: t(2) })).rejects.toMatchObject({ code: 'CONFLICT', name: 'CallTransitionError' });
      const scheduled = randomUUID();
      await repo.create({ id: scheduled, title: 'Later', status: 'scheduled', at: t(0) });
      await expect(repo.transition(scheduled, 'completed', { at: t(2) })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await repo.get(id))!.status).toBe('ended');
      expect((await repo.history(id)).map((h) => h.status)).toEqual(['waiting', 'ended']);
      expect((await repo.get(scheduled))!.status).toBe('scheduled');
      await expect(repo.transition('no-such-call', 'active', { at: t(2) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('binds a call to its appointment and case: one call per appointment, found by it; a missing appointment is refused', async () => {
      const { appointmentId, caseId } = await insertAppointment(fx.db);
      const first = await repo.scheduleForAppointment({ id: randomUUID(), appointmentId, caseId, title: 'Afspraak', expiresAt: t(30), at: t(0) });
      expect(first).toMatchObject({ status: 'scheduled', appointmentId, caseId, startedAt: null, expiresAt: t(30) });
      // Asked again (the link mailed again, rescheduled): the same call, its expiry moved.
      const again = await repo.scheduleForAppointment({ id: randomUUID(), appointmentId, caseId, title: 'Afspraak', expiresAt: t(50), at: t(1) });
      expect([again.id, again.expiresAt]).toEqual([first.id, t(50)]);
      expect((await repo.byAppointment(appointmentId))!.id).toBe(first.id);
      await expect(repo.create({ id: randomUUID(), title: 'Tweede', status: 'waiting', appointmentId, caseId, at: t(2) })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(repo.create({ id: randomUUID(), title: 'Spook', status: 'waiting', appointmentId: randomUUID(), caseId, at: t(2) })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        name: 'CallTargetNotFoundError',
      });
      expect(await repo.byAppointment(randomUUID())).toBeNull();
    });

    it('two asks for one appointment at once make one call', async () => {
      const { appointmentId, caseId } = await insertAppointment(fx.db);
      const ask = () => repo.scheduleForAppointment({ id: randomUUID(), appointmentId, caseId, title: 'Afspraak', expiresAt: t(30), at: t(0) });
      const [a, b, c] = await Promise.all([ask(), ask(), ask()]);
      expect(new Set([a.id, b.id, c.id]).size).toBe(1);
      expect((await repo.history(a.id)).map((h) => h.status)).toEqual(['scheduled']);
    });

    it('a clerk claims a scheduled call: its title, and its creator once', async () => {
      const { appointmentId, caseId } = await insertAppointment(fx.db);
      const call = await repo.scheduleForAppointment({ id: randomUUID(), appointmentId, caseId, title: 'Afspraak', expiresAt: t(30), at: t(0) });
      expect(await repo.claim(call.id, { title: 'Melding — Valerie Claes', clerkId: 'clerk-1' })).toMatchObject({ title: 'Melding — Valerie Claes', createdBy: 'clerk-1' });
      expect(await repo.claim(call.id, { title: 'Melding', clerkId: 'clerk-2' })).toMatchObject({ title: 'Melding', createdBy: 'clerk-1' });
      await expect(repo.claim('no-such-call', { title: 'x', clerkId: 'clerk-1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('withdrawn links: per call, the first withdrawal kept; an unknown call is NOT_FOUND', async () => {
      const id = randomUUID();
      const other = randomUUID();
      await repo.create({ id, title: 'Met link', status: 'waiting', at: t(0) });
      await repo.create({ id: other, title: 'Andere', status: 'waiting', at: t(0) });
      await repo.revokeLink(id, 'link-1', { at: t(1), actor: 'clerk-1' });
      await repo.revokeLink(id, 'link-1', { at: t(2), actor: 'clerk-2' });
      expect(await repo.isLinkRevoked(id, 'link-1')).toBe(true);
      expect(await repo.isLinkRevoked(id, 'link-2')).toBe(false);
      expect(await repo.isLinkRevoked(other, 'link-1')).toBe(false);
      const [row] = await fx.db.query<{ revoked_by: string; n: number }>('select revoked_by, count(*) over () :: int as n from call_link_revocations where call_id = $1', [id]);
      expect(row).toEqual({ revoked_by: 'clerk-1', n: 1 });
      await expect(repo.revokeLink('no-such-call', 'link-1', { at: t(1) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('after a restart, open calls were cut off: an appointment call waits again, any other call ended', async () => {
      const { appointmentId, caseId } = await insertAppointment(fx.db);
      const appointmentCall = await repo.scheduleForAppointment({ id: randomUUID(), appointmentId, caseId, title: 'Afspraak', expiresAt: t(59), at: t(0) });
      await repo.transition(appointmentCall.id, 'waiting', { at: t(1) });
      await repo.transition(appointmentCall.id, 'active', { at: t(2) });
      const adHoc = randomUUID();
      await repo.create({ id: adHoc, title: 'Los', status: 'waiting', at: t(0) });
      expect(await repo.interruptOpen(t(10))).toBeGreaterThanOrEqual(2);
      expect((await repo.get(appointmentCall.id))!.status).toBe('scheduled');
      expect(await repo.get(adHoc)).toMatchObject({ status: 'ended', endedAt: t(10), endedBy: null });
      expect((await repo.history(adHoc)).at(-1)).toEqual({ status: 'ended', at: t(10), actor: null, reason: 'interrupted' });
      expect(await repo.interruptOpen(t(11))).toBe(0);
    });

    it('scheduled calls past their link expire; later ones and opened ones stay', async () => {
      const past = await insertAppointment(fx.db);
      const future = await insertAppointment(fx.db);
      const expiring = await repo.scheduleForAppointment({ id: randomUUID(), ...past, title: 'Afspraak', expiresAt: new Date('2001-01-01T10:00:00Z'), at: new Date('2001-01-01T08:00:00Z') });
      const later = await repo.scheduleForAppointment({ id: randomUUID(), ...future, title: 'Afspraak', expiresAt: new Date('2999-01-01T10:00:00Z'), at: t(0) });
      expect(await repo.expireScheduled(new Date('2001-01-01T10:00:01Z'))).toBe(1);
      expect(await repo.get(expiring.id)).toMatchObject({ status: 'expired', endedAt: new Date('2001-01-01T10:00:01Z') });
      expect((await repo.get(later.id))!.status).toBe('scheduled');
      // Expired is final: the appointment's call cannot be opened any more.
      await expect(repo.transition(expiring.id, 'waiting', { at: t(0) })).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('lists calls made, opened or ended since a moment, the latest opened first', async () => {
      const since = new Date('2030-05-01T00:00:00Z');
      const before = randomUUID();
      const older = randomUUID();
      const newer = randomUUID();
      await repo.create({ id: before, title: 'Te vroeg', status: 'waiting', at: new Date('2030-04-30T23:59:59Z') });
      await repo.create({ id: older, title: 'Oud', status: 'waiting', at: new Date('2030-05-01T00:00:00Z') });
      await repo.create({ id: newer, title: 'Nieuw', status: 'waiting', at: new Date('2030-05-02T08:00:00Z') });
      // Booked weeks before, held (or expired) in the period: listed.
      const { appointmentId, caseId } = await insertAppointment(fx.db);
      const booked = await repo.scheduleForAppointment({ id: randomUUID(), appointmentId, caseId, title: 'Afspraak', expiresAt: new Date('2030-05-03T10:00:00Z'), at: new Date('2030-03-01T08:00:00Z') });
      await repo.transition(booked.id, 'waiting', { at: new Date('2030-05-03T09:00:00Z') });
      const ids = (await repo.listSince(since)).map((c) => c.id);
      expect(ids.indexOf(booked.id)).toBeLessThan(ids.indexOf(newer));
      expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
      expect(ids).not.toContain(before);
    });

    it('keeps calls, their history, withdrawn links and ended seats across a restart', async () => {
      const id = randomUUID();
      await repo.create({ id, title: 'Blijft', status: 'waiting', createdBy: 'clerk-1', at: t(0) });
      await repo.transition(id, 'active', { at: t(1) });
      await repo.revokeLink(id, 'link-9', { at: t(2), actor: 'clerk-1' });
      await repo.transition(id, 'completed', { at: t(3), actor: 'clerk-1' });
      const seat = { callId: id, participantId: 'p-1', role: 'citizen' as const, displayName: 'Els', linkId: 'link-1', keyHash: Buffer.alloc(32, 7) };
      await repo.saveEndedSeats(id, t(3), [seat]);
      const record = await repo.get(id);
      repo = new CallRepository(await fx.reopen());
      expect(await repo.get(id)).toEqual(record);
      expect((await repo.history(id)).map((h) => h.status)).toEqual(['waiting', 'active', 'completed']);
      expect(await repo.isLinkRevoked(id, 'link-9')).toBe(true);
      expect((await repo.endedSeatsSince(t(3))).find((e) => e.callId === id)).toEqual({ callId: id, endedAt: t(3), seats: [seat] });
    });

    it("ended seats: saved again replaces them; only since a moment; one call's alone; an unknown call's are refused", async () => {
      const id = randomUUID();
      await repo.create({ id, title: 'Zetels', status: 'waiting', at: t(0) });
      const seat = (n: number) => ({ callId: id, participantId: `p-${n}`, role: 'citizen' as const, displayName: `C${n}`, linkId: `l-${n}`, keyHash: Buffer.alloc(32, n) });
      await repo.saveEndedSeats(id, t(5), [seat(1), seat(2)]);
      await repo.saveEndedSeats(id, t(6), [seat(3)]);
      expect((await repo.endedSeatsSince(t(6))).find((e) => e.callId === id)?.seats).toEqual([seat(3)]);
      expect((await repo.endedSeatsSince(t(7))).find((e) => e.callId === id)).toBeUndefined();
      // One call's, for a node that did not see it end.
      expect(await repo.endedSeatsOf(id, t(6))).toEqual({ callId: id, endedAt: t(6), seats: [seat(3)] });
      expect(await repo.endedSeatsOf(id, t(7))).toBeUndefined();
      expect(await repo.endedSeatsOf(randomUUID(), t(0))).toBeUndefined();
      await expect(repo.saveEndedSeats('no-such-call', t(5), [seat(1)])).rejects.toMatchObject({ code: '23503' });
    });
  });
}
