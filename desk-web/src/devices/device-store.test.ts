import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '@videoloket/call-client';
import { DeskDeviceStore } from './device-store';

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('DeskDeviceStore', () => {
  it('remembers camera and microphone per clerk, and whether to check before each call', () => {
    const mem = memory();
    const store = new DeskDeviceStore(mem);
    expect(store.load('clerk-a')).toEqual({ checkBeforeCall: true });
    store.setCheckBeforeCall('clerk-a', false);
    store.remember('clerk-a', { videoInput: 'cam-2', audioInput: 'mic-1', audioOutput: 'speaker-3' });
    expect(store.load('clerk-a')).toEqual({ videoInput: 'cam-2', audioInput: 'mic-1', checkBeforeCall: false });
    expect(store.load('clerk-b')).toEqual({ checkBeforeCall: true });
    expect([...mem.data.keys()]).toEqual(['videoloket:desk:devices:clerk-a']);
  });

  it('ignores corrupt or oversized entries', () => {
    const mem = memory();
    const store = new DeskDeviceStore(mem);
    mem.data.set('videoloket:desk:devices:x', '{not json');
    expect(store.load('x')).toEqual({ checkBeforeCall: true });
    mem.data.set('videoloket:desk:devices:y', JSON.stringify({ videoInput: 'c'.repeat(600), audioInput: 7, checkBeforeCall: 'no' }));
    expect(store.load('y')).toEqual({ audioInput: undefined, videoInput: undefined, checkBeforeCall: true });
  });
});
