import { describe, expect, it } from 'vitest';
import { waitedText } from './labels';

describe('waitedText', () => {
  const since = '2026-12-07T09:00:00.000Z';
  const at = (ms: number) => Date.parse(since) + ms;

  it('counts whole minutes, then hours and minutes, in the desk language', () => {
    expect(waitedText(since, at(59_000), 'nl')).toBe('wacht minder dan een minuut');
    expect(waitedText(since, at(3 * 60_000 + 59_000), 'nl')).toBe('wacht 3 min');
    expect(waitedText(since, at(75 * 60_000), 'fr')).toBe('attend depuis 1 h 15 min');
    expect(waitedText(since, at(2 * 60_000), 'en')).toBe('waiting for 2 min');
  });

  it('a clock running behind the server never shows a negative wait', () => {
    expect(waitedText(since, at(-5_000), 'en')).toBe('waiting for less than a minute');
  });
});
