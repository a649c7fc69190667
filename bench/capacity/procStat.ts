import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// CPU time of a process from /proc/<pid>/stat: the kernel's own count, readable without asking
// the process (a mediasoup worker answers getResourceUsage() over its channel, which is work
// for the very worker being measured).

/**
 * utime + stime (fields 14 and 15, in clock ticks) of a /proc/<pid>/stat line. The command name
 * (field 2) is in parentheses and may itself contain spaces or ')', so fields are counted from
 * the last ')'. Pure.
 */
export function cpuTicksOfStat(stat: string): number {
  const close = stat.lastIndexOf(')');
  if (close < 0) throw new Error('not a /proc/<pid>/stat line');
  // After ') ' come field 3 (state), 4, 5, … so field n is at index n - 3.
  const fields = stat.slice(close + 2).trim().split(/\s+/);
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('no utime/stime in /proc/<pid>/stat line');
  return utime + stime;
}

let ticksPerSecond: number | undefined;

/** CPU seconds (user + system, all threads) process `pid` has used so far. */
export function cpuSeconds(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return cpuTicksOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8')) / ticksPerSecond;
}
