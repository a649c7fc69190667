// The ramp of bench/capacity.ts as pure rules: how many calls the next step has, when a
// setup is over its limit, when to stop, and what the steps say about capacity.

export interface Limits {
  /** Worker CPU, per cent of one core (a worker is one thread). */
  maxCpuPercent: number;
  /** Receiver-side loss, per cent of packets. */
  maxLossPercent: number;
}

export const LIMITS: Limits = { maxCpuPercent: 85, maxLossPercent: 1 };

export interface Sample {
  /** Worker CPU over the measurement window, per cent of one core. */
  cpuPercent: number;
  lossPercent: number;
  /**
   * Share of the clip's packets the bots managed to send in the window (1 = all). Below
   * BOTS_KEPT_UP the bots, not the worker, were the bottleneck: the step says nothing of
   * the worker's limits and ends the ramp.
   */
  sentShare: number;
  /**
   * Share of the frames sent that went out more than 50 ms late. Late frames leave in bursts,
   * and a burst overflows socket buffers: above MAX_LATE_SHARE, loss is the bots' doing.
   */
  lateShare: number;
}

/** Below this share the bots fell behind; above it, late frames are the scheduler's jitter on a busy machine. */
export const BOTS_KEPT_UP = 0.8;
export const MAX_LATE_SHARE = 0.1;

/** The step measured the bots rather than the worker: it neither counts nor stops the ramp as over a limit. */
export function botsFellBehind(sample: Sample): boolean {
  return sample.sentShare < BOTS_KEPT_UP || sample.lateShare > MAX_LATE_SHARE;
}

/** The worker's CPU had the bots sent every packet of the clip (CPU scales with packets). */
export function cpuAtFullRate(sample: Sample): number {
  return sample.sentShare > 0 ? sample.cpuPercent / sample.sentShare : 0;
}

export interface Step<S extends string> {
  calls: number;
  consumers: number;
  samples: Record<S, Sample>;
}

export function overLimit(sample: Sample, limits: Limits = LIMITS): boolean {
  return sample.cpuPercent > limits.maxCpuPercent || sample.lossPercent > limits.maxLossPercent;
}

/** Calls of the next step: +growth of the current, at least `minStep` more, at most `maxCalls`. */
export function nextCalls(current: number, options: { minStep: number; growth: number; maxCalls: number }): number {
  return Math.min(options.maxCalls, current + Math.max(options.minStep, Math.ceil(current * options.growth)));
}

export type StopReason = 'every setup over its limit' | 'the bots fell behind' | 'call limit reached' | 'time budget spent';

/** Why the ramp stops after `steps`, or undefined to go on. */
export function stopReason<S extends string>(
  steps: readonly Step<S>[],
  setups: readonly S[],
  options: { maxCalls: number; timeLeftMs: number; lastStepMs: number; limits?: Limits },
): StopReason | undefined {
  const last = steps.at(-1);
  if (!last) return undefined;
  const crossed = (s: S) => steps.some((step) => !botsFellBehind(step.samples[s]) && overLimit(step.samples[s], options.limits));
  if (setups.every(crossed)) return 'every setup over its limit';
  if (setups.some((s) => botsFellBehind(last.samples[s]))) return 'the bots fell behind';
  if (last.calls >= options.maxCalls) return 'call limit reached';
  // The next step is bigger than the last: stop unless it fits in what is left.
  if (options.timeLeftMs < options.lastStepMs * 1.5) return 'time budget spent';
  return undefined;
}

/**
 * What a setup carried within its limits: the last step before its first step over a limit,
 * and whether it ever got there (false: it carried every step, so its capacity is higher).
 * A step where the bots fell behind ends the count without reaching the limit: it tested
 * the bots, not the worker.
 */
export function carried<S extends string>(
  steps: readonly Step<S>[],
  setup: S,
  limits: Limits = LIMITS,
): { calls: number; consumers: number; reachedLimit: boolean } {
  let best = { calls: 0, consumers: 0 };
  for (const step of steps) {
    if (botsFellBehind(step.samples[setup])) break;
    if (overLimit(step.samples[setup], limits)) return { ...best, reachedLimit: true };
    best = { calls: step.calls, consumers: step.consumers };
  }
  return { ...best, reachedLimit: false };
}

/**
 * Least-squares line cpu = idle + perConsumer × consumers through the steps within limits
 * where the bots kept up, CPU scaled to the full packet rate (cpuAtFullRate).
 * `perConsumer` is the cost of one more consumer (its share of the streams it belongs to);
 * `atLimit` the consumers where the line crosses the CPU limit. Undefined below two points.
 */
export function fitCpu<S extends string>(
  steps: readonly Step<S>[],
  setup: S,
  limits: Limits = LIMITS,
): { idle: number; perConsumer: number; atLimit: number } | undefined {
  const points = steps
    .filter((s) => !overLimit(s.samples[setup], limits) && !botsFellBehind(s.samples[setup]))
    .map((s) => [s.consumers, cpuAtFullRate(s.samples[setup])] as const);
  if (points.length < 2) return undefined;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  if (sxx === 0) return undefined;
  const perConsumer = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx;
  const idle = my - perConsumer * mx;
  const atLimit = perConsumer > 0 ? (limits.maxCpuPercent - idle) / perConsumer : Infinity;
  return { idle, perConsumer, atLimit };
}

/** The q-quantile (0…1) of a list, interpolating between neighbours; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lower = Math.floor(pos);
  const upper = Math.min(sorted.length - 1, lower + 1);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (pos - lower);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** The largest number of calls at which every setup was measured within its limits, with the bots keeping up; 0 if none. */
export function lastValidCalls<S extends string>(steps: readonly Step<S>[], setups: readonly S[], limits: Limits = LIMITS): number {
  let calls = 0;
  for (const step of steps) {
    if (setups.every((s) => !botsFellBehind(step.samples[s]) && !overLimit(step.samples[s], limits))) calls = Math.max(calls, step.calls);
  }
  return calls;
}
