import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '@videoloket/call-client';
import { ListeningSettingsStore } from './settings-store';

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('ListeningSettingsStore', () => {
  it('keeps settings per clerk', () => {
    const mem = memory();
    const store = new ListeningSettingsStore(mem);
    store.save('clerk-a', { voiceClarity: true, defaultGainDb: 6, gainDbByParticipant: { p1: 12 }, outputDeviceId: 'streamer' });
    expect(store.load('clerk-a')).toEqual({ voiceClarity: true, defaultGainDb: 6, gainDbByParticipant: { p1: 12 }, outputDeviceId: 'streamer' });
    expect(store.load('clerk-b')).toEqual({ voiceClarity: false, defaultGainDb: 0, gainDbByParticipant: {}, outputDeviceId: '' });
    expect([...mem.data.keys()]).toEqual(['videoloket:desk:audio:clerk-a']);
  });

  it('falls back to defaults on corrupt entries and clamps stored gains to +12 dB', () => {
    const mem = memory();
    const store = new ListeningSettingsStore(mem);
    mem.data.set('videoloket:desk:audio:x', '{not json');
    expect(store.load('x').voiceClarity).toBe(false);
    mem.data.set('videoloket:desk:audio:y', JSON.stringify({ voiceClarity: 'yes' }));
    expect(store.load('y').defaultGainDb).toBe(0);
    mem.data.set('videoloket:desk:audio:z', JSON.stringify({ voiceClarity: false, defaultGainDb: 99, gainDbByParticipant: { p: 40 }, outputDeviceId: '' }));
    expect(store.load('z')).toMatchObject({ defaultGainDb: 12, gainDbByParticipant: { p: 12 } });
  });
});
