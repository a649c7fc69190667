import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERTS, WaitingAlertsStore } from './alerts-store';

function memory() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map };
}

describe('WaitingAlertsStore', () => {
  it('remembers the choice per clerk, both alerts on until switched off', () => {
    const storage = memory();
    const store = new WaitingAlertsStore(storage);
    expect(store.load('clerk-a')).toEqual(DEFAULT_ALERTS);
    store.save('clerk-a', { sound: true, notifications: false });
    expect(new WaitingAlertsStore(storage).load('clerk-a')).toEqual({ sound: true, notifications: false });
    expect(store.load('clerk-b')).toEqual(DEFAULT_ALERTS);
  });

  it('a corrupted or hand-edited entry falls back to the defaults field by field', () => {
    const storage = memory();
    const store = new WaitingAlertsStore(storage);
    storage.map.set('videoloket:desk:waiting-alerts:clerk-a', '{not json');
    expect(store.load('clerk-a')).toEqual(DEFAULT_ALERTS);
    storage.map.set('videoloket:desk:waiting-alerts:clerk-a', JSON.stringify({ sound: 'no', notifications: false }));
    expect(store.load('clerk-a')).toEqual({ sound: true, notifications: false });
  });

  it('works without storage (blocked): defaults, and saving does not throw', () => {
    const store = new WaitingAlertsStore(undefined);
    store.save('clerk-a', { sound: false, notifications: false });
    expect(store.load('clerk-a')).toEqual(DEFAULT_ALERTS);
  });
});
