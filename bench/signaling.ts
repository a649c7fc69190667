// `npm run bench:signaling`: the signalling path alone (no media) under a city's busiest hour.
// 1,000 Socket.IO clients in 250 calls (a clerk and three citizens each) against the real
// server in its own process: the clerk opens the call and joins, the citizens join and wait,
// the clerk admits them, everyone chats, the citizens leave and the clerk ends the call.
// Calls arrive spread over a ramp (as a morning's appointments do).
// Measured: acknowledgement latency per event (p50/p99), the push latency from the clerk's
// admit to the citizen's `call:admitted`, the server's CPU time and memory per call, and
// whether memory returns to its baseline after each of three rounds (a leak shows as growth
// from round to round). The clients run in this process on the same two cores: their own
// event loop is part of every latency, which the report says.
// Writes docs/benchmarks/signaling.md.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { Ack, CreateCallResponse, JoinResponse, LoginResponse } from '@videoloket/contracts';
import { REPO, startServer, type RunningServer } from '../e2e/support/server';

const CALLS = Number(process.env.SIGNALING_CALLS ?? 250);
const CITIZENS_PER_CALL = 3;
const ROUNDS = Number(process.env.SIGNALING_ROUNDS ?? 3);
const CHAT_PER_PARTICIPANT = 3;
/** Calls start spread over this many seconds, then all overlap until the last is admitted. */
const RAMP_SECONDS = Number(process.env.SIGNALING_RAMP_SECONDS ?? 10);
const TARGET_P99_MS = 50;
const METRICS_TOKEN = 'bench-signaling-metrics-token-0123456789';

type Client = Socket;
const latencies = new Map<string, number[]>();

function record(name: string, ms: number): void {
  const list = latencies.get(name) ?? [];
  list.push(ms);
  latencies.set(name, list);
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Emits and waits for the acknowledgement, timing it under `name`; a refusal throws. */
async function ask<T>(socket: Client, name: string, event: string, payload: unknown): Promise<T> {
  const started = performance.now();
  const ack = (await socket
    .timeout(30_000)
    .emitWithAck(event, payload)
    .catch((err: unknown) => {
      throw new Error(`${event}: ${(err as Error).message}`);
    })) as Ack<T>;
  record(name, performance.now() - started);
  if (!ack.ok) throw new Error(`${event} refused: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

function connect(url: string, auth: { token: string; callId?: string }): Promise<Client> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      record('connect (handshake)', performance.now() - started);
      resolve(socket);
    });
    socket.once('connect_error', reject);
  });
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** One call from start to end, as the desk and three citizens' browsers drive it. */
async function oneCall(server: RunningServer, clerkToken: string, n: number): Promise<void> {
  const startedCreate = performance.now();
  const created = await post<CreateCallResponse>(`${server.url}/api/calls`, { title: `Bench ${n}` }, clerkToken);
  record('POST /api/calls', performance.now() - startedCreate);
  const callId = created.call.callId;
  const citizenToken = new URL(created.citizenLink).hash.replace('#t=', '');
  const sockets: Client[] = [];
  try {
    const clerk = await connect(server.url, { token: clerkToken, callId });
    sockets.push(clerk);
    await ask<JoinResponse>(clerk, 'call:join (clerk)', 'call:join', {});
    const citizens = await Promise.all(
      Array.from({ length: CITIZENS_PER_CALL }, async (_, i) => {
        const socket = await connect(server.url, { token: citizenToken });
        sockets.push(socket);
        const joined = await ask<JoinResponse>(socket, 'call:join (citizen, to waiting room)', 'call:join', { displayName: `Burger ${n} ${i + 1}` });
        return { socket, participantId: joined.self.participantId };
      }),
    );
    for (const citizen of citizens) {
      const admitted = new Promise<number>((resolve) => citizen.socket.once('call:admitted', () => resolve(performance.now())));
      const asked = performance.now();
      await ask(clerk, 'call:admit', 'call:admit', { participantId: citizen.participantId });
      record('admit → citizen receives call:admitted', (await admitted) - asked);
    }
    for (let m = 0; m < CHAT_PER_PARTICIPANT; m++) {
      await Promise.all([clerk, ...citizens.map((c) => c.socket)].map((s, i) => ask(s, 'chat:send', 'chat:send', { text: `bericht ${m} van ${i}` })));
    }
    await Promise.all(citizens.map((c) => ask(c.socket, 'call:leave', 'call:leave', {})));
    await ask(clerk, 'call:end', 'call:end', {});
  } finally {
    for (const s of sockets) s.close();
  }
}

/** The server process's pid, found by the port it listens on. */
function serverPid(port: number): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`no process listens on ${port}`);
  return Number(pid);
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds (user + system) the process has used (fields 14 and 15 of /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/** The server's V8 heap in use (prom-client's default metric), MiB. */
async function heapUsedMiB(server: RunningServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const value = /^videoloket_nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(text)?.[1];
  if (!value) throw new Error('no heap metric in /metrics');
  return Number(value) / 1024 / 1024;
}

async function settle(server: RunningServer, pid: number): Promise<{ heap: number; rss: number }> {
  // Give timers (waiting-seat grace, idle expiry) and V8's incremental GC time to run.
  await new Promise((r) => setTimeout(r, 8000));
  return { heap: await heapUsedMiB(server), rss: rssMiB(pid) };
}

async function main(): Promise<void> {
  const server = await startServer({
    METRICS_TOKEN,
    // Every client comes from 127.0.0.1 here; in the field these caps hold per address.
    SOCKET_MAX_PER_ADDRESS: '10000',
    SOCKET_MAX_PER_LINK: '1000',
    CALL_MAX_WAITING_PER_ADDRESS: '100',
    LOG_LEVEL: 'warn',
  });
  const pid = serverPid(server.port);
  const rounds: { round: number; seconds: number; cpu: number; peakRss: number; after: { heap: number; rss: number }; failures: number }[] = [];
  const failures: string[] = [];
  try {
    const login = await post<LoginResponse>(`${server.url}/api/auth/login`, { username: 'balie', password: server.clerkPassword });
    const baseline = await settle(server, pid);
    process.stderr.write(`baseline: heap ${baseline.heap.toFixed(1)} MiB, RSS ${baseline.rss.toFixed(0)} MiB\n`);
    for (let round = 1; round <= ROUNDS; round++) {
      const cpuBefore = cpuSeconds(pid);
      const started = performance.now();
      let peakRss = rssMiB(pid);
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(pid))), 250);
      const before = failures.length;
      await Promise.all(
        Array.from({ length: CALLS }, async (_, i) => {
          await new Promise((r) => setTimeout(r, (i / CALLS) * RAMP_SECONDS * 1000));
          await oneCall(server, login.token, i).catch((err: unknown) => failures.push(`round ${round} call ${i}: ${(err as Error).message}`));
        }),
      );
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      const cpu = cpuSeconds(pid) - cpuBefore;
      const after = await settle(server, pid);
      rounds.push({ round, seconds, cpu, peakRss, after, failures: failures.length - before });
      process.stderr.write(`round ${round}: ${seconds.toFixed(1)} s, server CPU ${cpu.toFixed(1)} s, peak RSS ${peakRss.toFixed(0)} MiB, after: heap ${after.heap.toFixed(1)} MiB, RSS ${after.rss.toFixed(0)} MiB, failures ${failures.length - before}\n`);
    }
    report(baseline, rounds, failures);
  } finally {
    await server.stop();
  }
  if (failures.length) {
    console.error(failures.slice(0, 10).join('\n'));
    process.exitCode = 1;
  }
}

function report(baseline: { heap: number; rss: number }, rounds: { round: number; seconds: number; cpu: number; peakRss: number; after: { heap: number; rss: number }; failures: number }[], failures: string[]): void {
  const rows = [...latencies.entries()].map(([name, values]) => {
    const s = [...values].sort((a, b) => a - b);
    return { name, n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1]! };
  });
  const p99Worst = Math.max(...rows.filter((r) => r.name !== 'connect (handshake)' && r.name !== 'POST /api/calls').map((r) => r.p99));
  const last = rounds[rounds.length - 1]!;
  const first = rounds[0]!;
  const cpuPerCall = rounds.reduce((sum, r) => sum + r.cpu, 0) / (CALLS * rounds.length);
  const peakPerCall = (Math.max(...rounds.map((r) => r.peakRss)) - baseline.rss) / CALLS;
  const lines = [
    '# Signalling benchmark',
    '',
    `\`npm run bench:signaling\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    `${CALLS} calls × (1 clerk + ${CITIZENS_PER_CALL} citizens) = ${CALLS * (CITIZENS_PER_CALL + 1)} Socket.IO clients per round, calls starting over ${RAMP_SECONDS} s; no media. Each call runs through in well under a second here, so tens of calls, not all of them, are live at one moment: the figures are a rate (${CALLS / RAMP_SECONDS} calls = ${(CALLS / RAMP_SECONDS) * (CITIZENS_PER_CALL + 1)} clients starting per second), not 1,000 idle connections.`,
    `Each call: create (HTTP), clerk joins, citizens join the waiting room, clerk admits each, everyone sends ${CHAT_PER_PARTICIPANT} chat messages, citizens leave, clerk ends. ${ROUNDS} rounds on one server process.`,
    'The clients run in the benchmark process on the same cores as the server: every latency includes their event loop too.',
    '',
    '## Acknowledgement latency (all rounds)',
    '',
    '| event | n | p50 | p99 | max |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.n} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(1)} ms |`),
    '',
    `Target: p99 < ${TARGET_P99_MS} ms for the call's events (handshake and HTTP create excluded): worst p99 ${p99Worst.toFixed(1)} ms — ${p99Worst < TARGET_P99_MS ? 'met' : 'NOT met'}.`,
    '',
    '## Server CPU and memory',
    '',
    '| round | wall | server CPU | peak RSS | heap after (settled) | RSS after (settled) | failed calls |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| baseline | | | | ${baseline.heap.toFixed(1)} MiB | ${baseline.rss.toFixed(0)} MiB | |`,
    ...rounds.map((r) => `| ${r.round} | ${r.seconds.toFixed(1)} s | ${r.cpu.toFixed(1)} s | ${r.peakRss.toFixed(0)} MiB | ${r.after.heap.toFixed(1)} MiB | ${r.after.rss.toFixed(0)} MiB | ${r.failures} |`),
    '',
    `- Server CPU per call (its whole life, 4 participants): ${(cpuPerCall * 1000).toFixed(1)} ms.`,
    `- Memory per live call at the peak: ${(peakPerCall * 1024).toFixed(0)} KiB of RSS above the baseline (the calls live at the peak are fewer than ${CALLS}: see above).`,
    `- Heap after the last round vs after the first: ${(last.after.heap - first.after.heap >= 0 ? '+' : '')}${(last.after.heap - first.after.heap).toFixed(1)} MiB (vs baseline ${(last.after.heap - baseline.heap >= 0 ? '+' : '')}${(last.after.heap - baseline.heap).toFixed(1)} MiB). Growth from round to round would be a leak; a constant offset after the first round is caches and JIT.`,
    `- Failures: ${failures.length}.`,
    '',
  ];
  const text = lines.join('\n');
  console.log(text);
  writeFileSync(path.join(REPO, 'docs/benchmarks/signaling.md'), text);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
