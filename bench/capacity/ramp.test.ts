import { describe, expect, it } from 'vitest';
import { carried, fitCpu, lastValidCalls, median, nextCalls, overLimit, quantile, stopReason, type Step } from './ramp';

type Cell = [cpu: number, loss: number, sentShare?: number, lateShare?: number];
const step = (calls: number, ours: Cell, bare: Cell): Step<'ours' | 'bare'> => ({
  calls,
  consumers: calls * 4,
  samples: {
    ours: { cpuPercent: ours[0], lossPercent: ours[1], sentShare: ours[2] ?? 1, lateShare: ours[3] ?? 0 },
    bare: { cpuPercent: bare[0], lossPercent: bare[1], sentShare: bare[2] ?? 1, lateShare: bare[3] ?? 0 },
  },
});
const setups = ['ours', 'bare'] as const;
const roomy = { maxCalls: 500, timeLeftMs: 600_000, lastStepMs: 10_000 };

describe('overLimit', () => {
  it('is over above 85 % CPU or above 1 % loss, not at them', () => {
    const ok = { sentShare: 1, lateShare: 0 };
    expect(overLimit({ cpuPercent: 85, lossPercent: 1, ...ok })).toBe(false);
    expect(overLimit({ cpuPercent: 85.1, lossPercent: 0, ...ok })).toBe(true);
    expect(overLimit({ cpuPercent: 10, lossPercent: 1.2, ...ok })).toBe(true);
  });
});

describe('nextCalls', () => {
  it('grows by a share of the current calls, at least the minimum step, never past the cap', () => {
    expect(nextCalls(2, { minStep: 2, growth: 0.25, maxCalls: 100 })).toBe(4);
    expect(nextCalls(40, { minStep: 2, growth: 0.25, maxCalls: 100 })).toBe(50);
    expect(nextCalls(90, { minStep: 2, growth: 0.25, maxCalls: 100 })).toBe(100);
  });
});

describe('stopReason', () => {
  it('goes on while one setup is still within its limits', () => {
    expect(stopReason([step(10, [90, 0], [80, 0])], setups, roomy)).toBeUndefined();
  });

  it('stops once both have been over a limit, even at different steps', () => {
    const steps = [step(10, [90, 0], [80, 0]), step(12, [70, 0], [60, 2])];
    expect(stopReason(steps, setups, roomy)).toBe('every setup over its limit');
  });

  it('stops when the bots could not send the clip at its rate to either setup', () => {
    expect(stopReason([step(10, [30, 0], [30, 0.5, 0.7])], setups, roomy)).toBe('the bots fell behind');
    expect(stopReason([step(10, [30, 0], [30, 0.5, 0.85])], setups, roomy)).toBeUndefined();
    expect(stopReason([step(10, [30, 0], [30, 0.5, 1, 0.2])], setups, roomy)).toBe('the bots fell behind');
  });

  it('does not take loss in a step where the bots fell behind for the worker limit', () => {
    const steps = [step(10, [90, 0], [30, 0]), step(12, [70, 0], [40, 3, 1, 0.3])];
    expect(stopReason(steps, setups, roomy)).toBe('the bots fell behind');
    expect(carried(steps, 'bare')).toEqual({ calls: 10, consumers: 40, reachedLimit: false });
  });

  it('stops at the call cap and when the next step would not fit in the time left', () => {
    expect(stopReason([step(500, [10, 0], [10, 0])], setups, roomy)).toBe('call limit reached');
    expect(stopReason([step(10, [10, 0], [10, 0])], setups, { ...roomy, timeLeftMs: 12_000 })).toBe('time budget spent');
  });

  it('has nothing to say before the first step', () => {
    expect(stopReason([], setups, roomy)).toBeUndefined();
  });
});

describe('carried', () => {
  it('is the last step before the first one over a limit', () => {
    const steps = [step(10, [40, 0], [40, 0]), step(20, [80, 0], [70, 0]), step(30, [95, 0], [84, 0]), step(40, [99, 5], [90, 0])];
    expect(carried(steps, 'ours')).toEqual({ calls: 20, consumers: 80, reachedLimit: true });
    expect(carried(steps, 'bare')).toEqual({ calls: 30, consumers: 120, reachedLimit: true });
  });

  it('does not count a step where the bots fell behind, nor call it the limit', () => {
    const steps = [step(10, [40, 0], [40, 0]), step(20, [50, 3, 0.7], [45, 0])];
    expect(carried(steps, 'ours')).toEqual({ calls: 10, consumers: 40, reachedLimit: false });
  });

  it('says when the limit was never reached', () => {
    expect(carried([step(10, [40, 0], [40, 0])], 'ours')).toEqual({ calls: 10, consumers: 40, reachedLimit: false });
  });
});

describe('fitCpu', () => {
  it('finds idle cost, cost per consumer and where the line meets the limit', () => {
    const steps = [step(10, [7, 0], [0, 0]), step(20, [13, 0], [0, 0]), step(30, [19, 0], [0, 0]), step(50, [99, 0], [0, 0])];
    const fit = fitCpu(steps, 'ours')!;
    expect(fit.perConsumer).toBeCloseTo(0.15);
    expect(fit.idle).toBeCloseTo(1);
    expect(fit.atLimit).toBeCloseTo(560);
  });

  it('scales CPU to the full packet rate and leaves out steps where the bots fell behind', () => {
    const steps = [step(10, [3.5, 0, 0.5], [0, 0]), step(20, [13, 0], [0, 0]), step(30, [19, 0], [0, 0]), step(40, [10, 0, 0.5], [0, 0])];
    expect(fitCpu(steps, 'ours')!.perConsumer).toBeCloseTo(0.15);
  });

  it('needs two distinct points', () => {
    expect(fitCpu([step(10, [5, 0], [5, 0])], 'ours')).toBeUndefined();
  });
});

describe('median and quantile', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('interpolates quartiles', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
  });
});

describe('lastValidCalls', () => {
  it('is the largest step where both setups were within limits and the bots kept up', () => {
    const steps = [step(4, [10, 0], [10, 0]), step(8, [20, 0], [18, 0]), step(10, [30, 2], [20, 0]), step(13, [30, 0], [28, 0, 0.5])];
    expect(lastValidCalls(steps, setups)).toBe(8);
    expect(lastValidCalls([step(4, [90, 0], [10, 0])], setups)).toBe(0);
  });
});
