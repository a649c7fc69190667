import { describe, expect, it } from 'vitest';
import { SeatStore, seatKeyForLinkToken, suggestedNameFromLinkToken, type KeyValueStore } from './seat-store';

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('SeatStore', () => {
  it('keeps a seat per call under videoloket:seat:<callId>', () => {
    const mem = memory();
    const seats = new SeatStore(mem);
    seats.set('c1', { resumeKey: 'k1', displayName: 'An' });
    expect(mem.data.has('videoloket:seat:c1')).toBe(true);
    expect(seats.get('c1')).toEqual({ resumeKey: 'k1', displayName: 'An' });
    expect(seats.get('c2')).toBeUndefined();
    seats.remove('c1');
    expect(seats.get('c1')).toBeUndefined();
  });

  it('survives storage that throws', () => {
    const broken: KeyValueStore = {
      getItem: () => { throw new Error('blocked'); },
      setItem: () => { throw new Error('quota'); },
      removeItem: () => { throw new Error('blocked'); },
    };
    const seats = new SeatStore(broken);
    expect(() => seats.set('c', { resumeKey: 'k' })).not.toThrow();
    expect(seats.get('c')).toBeUndefined();
  });
});

describe('seatKeyForLinkToken', () => {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  it('reads the call id claim of a JWT without verifying it', () => {
    expect(seatKeyForLinkToken(`${b64({ alg: 'HS256' })}.${b64({ callId: 'abc_1' })}.sig`)).toBe('abc_1');
  });
  it('reads the suggested name, including non-ASCII', () => {
    const payload = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify({ call: 'c', name: 'Zoë Dubois' })))).replace(/=+$/, '');
    expect(suggestedNameFromLinkToken(`x.${payload}.sig`)).toBe('Zoë Dubois');
    expect(seatKeyForLinkToken(`x.${payload}.sig`)).toBe('c');
  });
  it('falls back to a key derived from the token', () => {
    expect(seatKeyForLinkToken('not-a-jwt-token-at-all-really')).toMatch(/^link-[A-Za-z0-9_-]+$/);
    expect(seatKeyForLinkToken(`${b64({})}.${b64({ callId: '../x' })}.sig`)).toMatch(/^link-/);
  });
});
