import { describe, expect, it } from 'vitest';
import type { RegisterQuery } from '@videoloket/contracts';
import { memoryLimiter } from '../abuse/Limiter';
import { FixturePersonRegister } from './FixturePersonRegister';
import type { RegisterLookupEntry, RegisterLookupLog } from './RegisterLookupLog';
import { RegisterLookups } from './RegisterLookups';

const byNumber: RegisterQuery = { by: 'nationalNumber', nationalNumber: '85073003328' };

async function lookups(over: { failWrites?: boolean; points?: number; searchByName?: boolean } = {}) {
  const entries: RegisterLookupEntry[] = [];
  // The audit's database is tested in signaling/test/register-lookup.test.ts; here only what the service asks of it.
  const log = {
    record: (e: RegisterLookupEntry) => (over.failWrites ? Promise.reject(new Error('database down')) : Promise.resolve(void entries.push(e))),
  } as unknown as RegisterLookupLog;
  const fixture = await FixturePersonRegister.load();
  const register = over.searchByName === false ? Object.assign(Object.create(fixture) as FixturePersonRegister, { capabilities: { searchByName: false } }) : fixture;
  const service = new RegisterLookups({
    register,
    log,
    clerkInCall: (callId, clerkId) => callId === 'call-1' && clerkId === 'clerk-a',
    limiter: memoryLimiter({ name: `test-${Math.random()}`, points: over.points ?? 30, durationSeconds: 600 }),
    now: () => new Date('2026-12-07T10:00:00Z'),
    timeZone: 'Europe/Brussels',
  });
  return { service, entries };
}

describe('RegisterLookups', () => {
  it('answers a clerk in the call and records who, when, which call, what was asked, why and whom the answer named', async () => {
    const { service, entries } = await lookups();
    const answer = await service.lookup('clerk-a', { callId: 'call-1', reason: 'Adres controleren', query: byNumber });
    expect(answer.persons.map((p) => p.lastName)).toEqual(['Peeters']);
    expect(answer.source).toBe('fixture');
    expect(entries).toEqual([
      {
        id: answer.lookupId,
        at: new Date('2026-12-07T10:00:00Z'),
        clerkId: 'clerk-a',
        callId: 'call-1',
        query: byNumber,
        reason: 'Adres controleren',
        source: 'fixture',
        nationalNumbers: ['85073003328'],
      },
    ]);
  });

  it('records a lookup that found nobody too', async () => {
    const { service, entries } = await lookups();
    const answer = await service.lookup('clerk-a', { callId: 'call-1', reason: 'Identiteit nagaan', query: { by: 'nameAndBirthDate', lastName: 'Niemand', birthDate: '1999-01-01' } });
    expect(answer.persons).toEqual([]);
    expect(entries.map((e) => e.nationalNumbers)).toEqual([[]]);
  });

  it('refuses a clerk who is not in that call, and records nothing', async () => {
    const { service, entries } = await lookups();
    await expect(service.lookup('clerk-b', { callId: 'call-1', reason: 'Nieuwsgierig', query: byNumber })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.lookup('clerk-a', { callId: 'call-2', reason: 'Nieuwsgierig', query: byNumber })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(entries).toEqual([]);
  });

  it('gives no answer when the audit cannot be written', async () => {
    const { service } = await lookups({ failWrites: true });
    await expect(service.lookup('clerk-a', { callId: 'call-1', reason: 'Adres controleren', query: byNumber })).rejects.toThrow('database down');
  });

  it('limits the lookups per clerk', async () => {
    const { service, entries } = await lookups({ points: 2 });
    const ask = () => service.lookup('clerk-a', { callId: 'call-1', reason: 'Adres controleren', query: byNumber });
    await ask();
    await ask();
    await expect(ask()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(entries).toHaveLength(2);
  });

  it('refuses a name search when the register cannot do one', async () => {
    const { service, entries } = await lookups({ searchByName: false });
    await expect(service.lookup('clerk-a', { callId: 'call-1', reason: 'Identiteit nagaan', query: { by: 'nameAndBirthDate', lastName: 'Claes', birthDate: '1975-02-15' } })).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
    expect(entries).toEqual([]);
  });
});
