import { describe, expect, it } from 'vitest';
import { pickLeastLoaded } from './placement';

describe('pickLeastLoaded', () => {
  it('returns undefined without workers', () => {
    expect(pickLeastLoaded([])).toBeUndefined();
  });

  it('prefers the worker with the fewest streams', () => {
    const w = pickLeastLoaded([
      { index: 0, rooms: 1, streams: 8 },
      { index: 1, rooms: 3, streams: 2 },
      { index: 2, rooms: 2, streams: 5 },
    ]);
    expect(w?.index).toBe(1);
  });

  it('spreads empty rooms: fewer rooms wins when streams tie', () => {
    const w = pickLeastLoaded([
      { index: 0, rooms: 2, streams: 0 },
      { index: 1, rooms: 1, streams: 0 },
    ]);
    expect(w?.index).toBe(1);
  });

  it('breaks full ties by lowest index, whatever the order given', () => {
    const w = pickLeastLoaded([
      { index: 2, rooms: 0, streams: 0 },
      { index: 0, rooms: 0, streams: 0 },
      { index: 1, rooms: 0, streams: 0 },
    ]);
    expect(w?.index).toBe(0);
  });
});
