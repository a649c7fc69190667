import { describe, expect, it } from 'vitest';
import { cpuTicksOfStat } from './procStat';

// A real line from a mediasoup worker (fields 14/15 = utime 1234, stime 56).
const worker =
  '4242 (mediasoup-worke) S 4200 4200 4100 0 -1 4194304 1911 0 0 0 1234 56 0 0 20 0 2 0 3456 52383744 3584 18446744073709551615 1 1 0 0 0 0 0 4096 17000 0 0 0 17 1 0 0 0 0 0';

describe('cpuTicksOfStat', () => {
  it('adds utime and stime', () => {
    expect(cpuTicksOfStat(worker)).toBe(1290);
  });

  it('is not fooled by spaces and parentheses in the command name', () => {
    expect(cpuTicksOfStat(worker.replace('(mediasoup-worke)', '(a) b (c d)'))).toBe(1290);
  });

  it('refuses text that is not a stat line', () => {
    expect(() => cpuTicksOfStat('VmRSS: 1000 kB')).toThrow(/stat/);
    expect(() => cpuTicksOfStat('1 (x) S 0')).toThrow(/utime/);
  });
});
