// `npm run bench:capacity`: what one mediasoup worker carries in our product versus bare
// mediasoup, in the same run, on the same streams. 1:1 calls — each participant sends Opus
// (with the audio level a browser adds) and VP8 camera video in three simulcast layers, and
// receives the other's audio and one video layer — are added step by step to both setups
// until each worker's CPU passes 85 % of a core or receiver loss passes 1 %.
//
// Bots: real RTP over UDP into PlainTransports, from a worker thread of this process that
// replays a clip ffmpeg encoded once (bench/capacity/clip.ts), so sending costs no encoding.
// Why not a Node WebRTC stack (werift, @roamhq/wrtc, node-datachannel): SRTP and ICE in the
// bots would cost as much CPU as the worker under test on two shared cores, and they are
// mediasoup's cost alike for ours and bare, so they add nothing to the comparison.
// Why the sfu package's API and not Socket.IO: the worker only does what the sfu package asks
// of it; signalling's cost is Node's, measured by bench:signaling.
//
// At each step both setups hold the same calls; the bots feed one setup at a time in the order
// A B B A (so a drift in the machine's load weighs on both alike), and the worker's CPU is read
// from /proc/<pid>/stat over each window. When the ramp stops, the calls go back to the largest
// step both setups carried with the bots keeping up, and A B B A repeats there for the rest of
// the time budget: one ours/bare ratio per repetition, reported with its spread. Loss is counted by the receiving
// bots from RTP sequence numbers.
//
// Options: --quick (a short ramp, prints only), --minutes N (ramp budget, default 8),
// --window S (seconds measured per setup and step, default 6), --max-calls N.
// Writes docs/benchmarks/capacity.md unless --quick.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { mediasoup } from '@videoloket/sfu/testing';
import type { BotData, BotRequest, BotSnapshot, SenderSpec } from './capacity/bots';
import { CLIP_SECONDS, loadClip, OPUS_FRAME_MS, VIDEO_FPS } from './capacity/clip';
import { cpuSeconds } from './capacity/procStat';
import { BOTS_KEPT_UP, botsFellBehind, carried, fitCpu, lastValidCalls, LIMITS, MAX_LATE_SHARE, median, quantile, nextCalls, overLimit, stopReason, type Sample, type Step, type StopReason } from './capacity/ramp';
import { lossPercent } from './capacity/rtp';
import { startBare, startOurs, type MediaSetup, type ParticipantSsrcs, type SetupName } from './capacity/setups';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    minutes: { type: 'string' },
    window: { type: 'string' },
    'max-calls': { type: 'string' },
  },
});
const QUICK = args.quick;
const WINDOW_S = Number(args.window ?? (QUICK ? 2 : 6));
/** Key frames come every second: after this, every consumer has its layer flowing again. */
const WARMUP_S = 1.5;
const BUDGET_MS = Number(args.minutes ?? (QUICK ? 1 : 8)) * 60_000;
const MAX_CALLS = Number(args['max-calls'] ?? (QUICK ? 24 : 400));
const RAMP = QUICK ? { start: 4, minStep: 4, growth: 1 } : { start: 2, minStep: 2, growth: 0.25 };
/** Per 1:1 call: each participant consumes the other's audio and video. */
const CONSUMERS_PER_CALL = 4;
const SETUPS: SetupName[] = ['ours', 'bare'];
const PORTS: Record<SetupName, { min: number; max: number }> = { ours: { min: 44000, max: 45999 }, bare: { min: 46000, max: 47999 } };
const REPO = path.resolve(import.meta.dirname, '..');

interface Measured extends Sample {
  /** Worker CPU per packet in or out (µs): the paired figure ours/bare compare step by step. */
  workerUsPerPacket: number;
  /** RTP packets per second the bots received from the worker. */
  deliveredPps: number;
  /** The other (idle) setup's worker CPU during this window: what open but silent calls cost. */
  otherIdleCpuPercent: number;
  /** This process (bots + mediasoup control) in per cent of a core. */
  benchCpuPercent: number;
  botUtilisation: number;
  lateFrames: number;
}

/** The bot thread, with request/response over its message port. */
class Bots {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #nextId = 0;

  constructor(data: BotData) {
    this.#worker = new Worker(new URL('./capacity/bots.ts', import.meta.url), { workerData: data });
    this.#worker.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const p = this.#pending.get(msg.id);
      this.#pending.delete(msg.id);
      if (msg.error !== undefined) p?.reject(new Error(msg.error));
      else p?.resolve(msg.result);
    });
    this.#worker.on('error', (error) => {
      for (const p of this.#pending.values()) p.reject(error);
      this.#pending.clear();
    });
  }

  request<T>(req: BotRequest): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ id, req });
    });
  }

  async close(): Promise<void> {
    await this.request({ op: 'close' }).catch(() => undefined);
    await this.#worker.terminate();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function participantSsrcs(call: number, participant: number): ParticipantSsrcs {
  const base = 0x1000_0000 + (call * 2 + participant) * 4;
  return { audio: base, video: [base + 1, base + 2, base + 3] };
}

/** Opens call `index` in every setup, with the same SSRCs, clip phase and talk pattern. */
async function openCall(index: number, setups: MediaSetup[], bots: Bots): Promise<void> {
  const participants = [participantSsrcs(index, 0), participantSsrcs(index, 1)] as const;
  // Golden-ratio spread: key frames of successive calls fall far apart in the clip.
  const phaseMs = ((index * 0.618_034) % 1) * 1000;
  for (const setup of setups) {
    const receivers = await bots.request<number[]>({ op: 'openReceivers', setup: setup.name, count: 2 });
    const sendPorts = await setup.addCall(index, participants, [receivers[0]!, receivers[1]!]);
    const senders: SenderSpec[] = participants.map((ssrcs, p) => ({
      port: sendPorts[p]!,
      audioSsrc: ssrcs.audio,
      videoSsrcs: ssrcs.video,
      phaseMs: phaseMs + p * 7,
      talksInHalf: p === 0 ? 0 : 1,
    }));
    await bots.request({ op: 'addSenders', setup: setup.name, senders });
  }
}

/** What one window of traffic to one setup counted; windows of a step add up. */
interface Window {
  seconds: number;
  cpuSeconds: number;
  otherCpuSeconds: number;
  benchCpuSeconds: number;
  expected: number;
  received: number;
  sent: number;
  nominalPps: number;
  botUtilisation: number;
  lateFrames: number;
  framesSent: number;
}

/** Feeds `setup` (after `warmupMs` to let every consumer reach its layer) and counts over one window. */
async function window(setup: MediaSetup, other: MediaSetup, bots: Bots, warmupMs: number): Promise<Window> {
  await bots.request({ op: 'activate', setup: setup.name });
  await sleep(warmupMs);
  const before = await bots.request<BotSnapshot>({ op: 'snapshot' });
  const cpu0 = cpuSeconds(setup.pid);
  const other0 = cpuSeconds(other.pid);
  const bench0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(WINDOW_S * 500);
  const after = await bots.request<BotSnapshot>({ op: 'snapshot' });
  const seconds = (performance.now() - t0) / 1000;
  const bench = process.cpuUsage(bench0);
  const b = before.setups[setup.name]!;
  const a = after.setups[setup.name]!;
  return {
    seconds,
    cpuSeconds: cpuSeconds(setup.pid) - cpu0,
    otherCpuSeconds: cpuSeconds(other.pid) - other0,
    benchCpuSeconds: (bench.user + bench.system) / 1e6,
    expected: a.expected - b.expected,
    received: a.received - b.received,
    sent: a.packetsSent - b.packetsSent,
    nominalPps: a.nominalPps,
    botUtilisation: after.utilisation,
    lateFrames: after.lateFrames,
    framesSent: after.framesSent,
  };
}

function combine(windows: Window[]): Measured {
  const sum = (f: (w: Window) => number) => windows.reduce((n, w) => n + f(w), 0);
  const seconds = sum((w) => w.seconds);
  return {
    cpuPercent: (100 * sum((w) => w.cpuSeconds)) / seconds,
    lossPercent: lossPercent({ expected: 0, received: 0 }, { expected: sum((w) => w.expected), received: sum((w) => w.received) }),
    sentShare: sum((w) => w.sent) / seconds / windows[0]!.nominalPps,
    lateShare: sum((w) => w.lateFrames) / Math.max(1, sum((w) => w.framesSent)),
    workerUsPerPacket: (1e6 * sum((w) => w.cpuSeconds)) / Math.max(1, sum((w) => w.sent + w.received)),
    deliveredPps: sum((w) => w.received) / seconds,
    otherIdleCpuPercent: (100 * sum((w) => w.otherCpuSeconds)) / seconds,
    benchCpuPercent: (100 * sum((w) => w.benchCpuSeconds)) / seconds,
    botUtilisation: Math.max(...windows.map((w) => w.botUtilisation)),
    lateFrames: sum((w) => w.lateFrames),
  };
}

/**
 * One step's measurement: A B B A (A and B swap every step), each window half of WINDOW_S,
 * so that a load on the machine that rises or falls during the step weighs on both alike.
 */
async function measureStep(first: MediaSetup, second: MediaSetup, bots: Bots): Promise<Record<SetupName, Measured>> {
  const warmup = WARMUP_S * 1000;
  const a1 = await window(first, second, bots, warmup);
  const b1 = await window(second, first, bots, warmup);
  const b2 = await window(second, first, bots, 0);
  const a2 = await window(first, second, bots, warmup);
  await bots.request({ op: 'activate', setup: null });
  return { [first.name]: combine([a1, a2]), [second.name]: combine([b1, b2]) } as Record<SetupName, Measured>;
}

const pct = (n: number, digits = 1) => `${n.toFixed(digits)} %`;

function stepLine(step: Step<SetupName>): string {
  const s = step.samples as Record<SetupName, Measured>;
  const part = (n: SetupName) =>
    `${n} cpu ${pct(s[n].cpuPercent).padStart(7)} loss ${pct(s[n].lossPercent, 2).padStart(7)} ${Math.round(s[n].deliveredPps)} pps, sent ${pct(100 * s[n].sentShare, 0)}${overLimit(s[n]) ? ' OVER' : ''}`;
  return `${String(step.calls).padStart(4)} calls ${String(step.consumers).padStart(5)} consumers | ${part('ours')} | ${part('bare')} | bots ${pct(100 * Math.max(s.ours.botUtilisation, s.bare.botUtilisation), 0)} busy, ${s.ours.lateFrames + s.bare.lateFrames} late frames`;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}, mediasoup ${mediasoup.version}`;
}

/** After the ramp: repeated A B B A steps at one load, for a ratio with a spread. */
interface Hold {
  calls: number;
  /** Bare's worker CPU per packet over ours, one per repetition where both were valid. */
  ratios: number[];
  repetitions: number;
}

interface Run {
  steps: Step<SetupName>[];
  hold: Hold | undefined;
  reason: StopReason;
  minutes: number;
  loadBefore: number[];
  loadAfter: number[];
  clipEncodedNow: boolean;
}

/**
 * Ours/bare capacity from each step where both setups were measured within limits: bare's
 * worker CPU per packet over ours (capacity goes as its inverse), the median over the steps.
 * Paired in time, so it holds up better on a busy machine than two separate lines.
 */
function pairedRatio(steps: Step<SetupName>[]): { ratio: number; steps: number } {
  const ratios = steps
    .map((step) => step.samples as Record<SetupName, Measured>)
    .filter((s) => SETUPS.every((n) => !botsFellBehind(s[n]) && !overLimit(s[n])))
    .map((s) => s.bare.workerUsPerPacket / s.ours.workerUsPerPacket);
  return { ratio: median(ratios), steps: ratios.length };
}

function summary(run: Run) {
  const per = (n: SetupName) => {
    const c = carried(run.steps, n);
    const fit = fitCpu(run.steps, n);
    return { ...c, fit };
  };
  return { ours: per('ours'), bare: per('bare'), paired: pairedRatio(run.steps) };
}

function report(run: Run): string {
  const { steps } = run;
  const sum = summary(run);
  const last = steps.at(-1)!;
  const lastSamples = last.samples as Record<SetupName, Measured>;
  // Carried consumers compare only when both setups met a limit of their own.
  const ratioMeasured = sum.ours.reachedLimit && sum.bare.reachedLimit ? sum.ours.consumers / sum.bare.consumers : NaN;
  const ratioFit = sum.ours.fit && sum.bare.fit ? sum.ours.fit.atLimit / sum.bare.fit.atLimit : NaN;
  const costRatio = sum.ours.fit && sum.bare.fit ? sum.ours.fit.perConsumer / sum.bare.fit.perConsumer : NaN;
  const carriedText = (n: SetupName) =>
    sum[n].reachedLimit ? `${sum[n].consumers} (${sum[n].calls} calls; the next step was over a limit)` : `≥ ${sum[n].consumers} (${sum[n].calls} calls; limit not reached)`;
  const fitText = (n: SetupName, f: (x: NonNullable<(typeof sum)['ours']['fit']>) => string) => (sum[n].fit ? f(sum[n].fit) : 'n/a');
  const rows = steps.map((step) => {
    const s = step.samples as Record<SetupName, Measured>;
    const mark = (n: SetupName) => (botsFellBehind(s[n]) ? ' (bots)' : overLimit(s[n]) ? ' ⚠' : '');
    const cell = (n: SetupName) => `${s[n].cpuPercent.toFixed(1)}${mark(n)} | ${s[n].lossPercent.toFixed(2)} | ${s[n].workerUsPerPacket.toFixed(1)}`;
    const sent = `${Math.round(100 * s.ours.sentShare)} / ${Math.round(100 * s.bare.sentShare)} %`;
    return `| ${step.calls} | ${step.consumers} | ${cell('ours')} | ${cell('bare')} | ${Math.round(s.ours.deliveredPps)} | ${sent} | ${Math.round(100 * Math.max(s.ours.botUtilisation, s.bare.botUtilisation))} % | ${s.ours.lateFrames + s.bare.lateFrames} |`;
  });
  return `# Media worker capacity: ours versus bare mediasoup

\`npm run bench:capacity\` (bench/capacity.ts), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, on ${machine()}.
Load average ${run.loadBefore.map((l) => l.toFixed(1)).join(' / ')} before the run, ${run.loadAfter.map((l) => l.toFixed(1)).join(' / ')} after (1/5/15 min; the bench itself keeps both cores busy at its top steps).
The ratio between the setups, measured in the same minutes, is the figure to read; absolute figures fall when other work shares the cores.

## What runs

- **Calls**: 1:1. Each participant sends Opus (20 ms, with the ssrc-audio-level extension a browser adds; the two talk in turns) and VP8 camera video
  in three simulcast layers (320×180 150 kbit/s, 640×360 500 kbit/s, 1280×720 1.2 Mbit/s, 30 fps, a key frame a second: \`cameraSimulcastEncodings\`),
  and receives the other's audio and one video layer (the highest: no bandwidth estimate on plain transports). 2 producers and ${CONSUMERS_PER_CALL} consumers per call.
- **Bots**: real RTP over UDP (loopback) into PlainTransports, from a worker thread of the bench process that replays a ${CLIP_SECONDS} s clip
  encoded once by ffmpeg (cached under ~/.cache/videoloket) — sending costs no encoding. Video packets carry the VP8 payload descriptor Chromium sends
  (PictureID, TL0PICIDX, TID), so the worker rewrites them as it does for a browser. The receiving bots count packets per SSRC from the RTP sequence numbers (loss).
  Not simulated: NACKs, RTCP receiver reports, bandwidth estimation, SRTP/ICE (a browser's WebRtcTransport) — mediasoup's work alike in both setups.
- **Ours**: the sfu package as signalling drives it — \`Sfu\` (its worker settings), one \`MediaRoom\` per call (its router and active-speaker observer, 300 ms),
  \`createPlainTransport\`/\`produce\`/\`consume\`/\`resumeConsumer\` per participant as \`CallMedia\` calls them.
  Why not through Socket.IO: the worker only does what the sfu package asks of it; signalling's cost is Node's, measured by \`bench:signaling\`.
- **Bare**: \`mediasoup.createWorker()\` with mediasoup's defaults, a router per call with the same codecs, the same transports, producers and consumers; nothing else.
- **Ramp**: both setups hold the same calls at every step; the bots feed one setup at a time, in the order A B B A
  (A and B swap every step), each window ${WINDOW_S / 2} s measured after ${WARMUP_S} s to settle, so that a drift in the machine's load weighs on both alike. Worker CPU from /proc/<pid>/stat (user + system, per cent of one core: a worker is one thread).
  Stop rule: a setup is over its limit above ${LIMITS.maxCpuPercent} % CPU or ${LIMITS.maxLossPercent} % loss; the ramp ends when both have been over (or: ${run.reason === 'every setup over its limit' ? 'it did' : `it ended early: ${run.reason}`}).
  Then, for the rest of the time budget, the calls go back to the largest step where both setups were within limits and the bots kept up,
  and A B B A repeats there: one ours/bare ratio per repetition.
  Run time ${run.minutes.toFixed(1)} min${run.clipEncodedNow ? ' (including encoding the clip)' : ''}.

## Result

| | ours | bare |
|---|---:|---:|
| consumers per worker at ${LIMITS.maxCpuPercent} % CPU (the fitted line${sum.ours.reachedLimit && sum.bare.reachedLimit ? '' : ', extrapolated past the measured steps'}) | ${fitText('ours', (f) => String(Math.round(f.atLimit)))} | ${fitText('bare', (f) => String(Math.round(f.atLimit)))} |
| calls per core (1:1, ${CONSUMERS_PER_CALL} consumers each; a worker is one thread) | ${fitText('ours', (f) => String(Math.floor(f.atLimit / CONSUMERS_PER_CALL)))} | ${fitText('bare', (f) => String(Math.floor(f.atLimit / CONSUMERS_PER_CALL)))} |
| worker CPU per consumer (slope of the line over the steps within limits) | ${fitText('ours', (f) => `${f.perConsumer.toFixed(3)} % of a core (${Math.round(f.perConsumer * 1e4)} µs/s)`)} | ${fitText('bare', (f) => `${f.perConsumer.toFixed(3)} % of a core (${Math.round(f.perConsumer * 1e4)} µs/s)`)} |
| consumers carried in the measured steps | ${carriedText('ours')} | ${carriedText('bare')} |
| the worker idle with ${last.calls} silent calls open | ${pct(lastSamples.bare.otherIdleCpuPercent)} | ${pct(lastSamples.ours.otherIdleCpuPercent)} |

**Ours / bare${run.hold?.ratios.length ? `: ${(100 * median(run.hold.ratios)).toFixed(0)} %` : ''}**${run.hold?.ratios.length ? ` — bare's worker CPU per packet over ours, held at ${run.hold.calls} calls for the rest of the time budget: ${holdText(run.hold)} (paired in time, the figure to read on a busy machine)` : ''}.
Over the ramp: ${Number.isNaN(sum.paired.ratio) ? 'n/a' : `${(100 * sum.paired.ratio).toFixed(0)} %`} (the same ratio, median of the ${sum.paired.steps} steps where both were within limits); ${Number.isNaN(ratioFit) ? 'n/a' : `${(100 * ratioFit).toFixed(0)} %`} by the fitted lines; ${Number.isNaN(ratioMeasured) ? 'carried consumers do not compare (a setup did not reach its own limit)' : `${(100 * ratioMeasured).toFixed(0)} % of bare's carried consumers`}
(CPU per consumer ours/bare ${Number.isNaN(costRatio) ? 'n/a' : costRatio.toFixed(3)}). Target: ours ≥ 95 % of bare.
${
  sum.ours.reachedLimit && sum.bare.reachedLimit
    ? ''
    : `
The consumers per worker and calls per core above are an extrapolation of the measured steps${run.reason === 'the bots fell behind' ? ' (the bots fell behind first)' : ''}: the worker did not
reach ${LIMITS.maxCpuPercent} % of its core in this run (see the limits below). A loss over ${LIMITS.maxLossPercent} % at a step where the bots were this busy is more likely theirs than the worker's.
`
}
## What of ours costs worker CPU

- **Stats polling: none.** \`MediaRoom.getStats()\` (sfu/src/roomStats.ts, stats.ts) runs only when asked, and only tests ask; nothing in
  signalling polls it. Nothing to fix.
- **Active-speaker observer** (one per room, every 300 ms): it reads each audio packet's level and wakes per room; it drives the speaking
  indicator of the desk and the citizen's page (\`media:activeSpeaker\`), so it stays. Its cost is inside the ratio above, and alone in the
  idle row: open calls with no traffic cost ours ${pct(lastSamples.bare.otherIdleCpuPercent)} and bare ${pct(lastSamples.ours.otherIdleCpuPercent)} of a core (${last.calls} calls).
- **Worker log tags** (\`info, ice, dtls, rtp, srtp, rtcp\` at level warn): tagged warnings cross the worker's channel, e.g. "RTP inactivity
  detected" when a camera stops; none in steady traffic.
- The \`WebRtcServer\` each worker opens listens and costs nothing while no browser uses it.

## Limits of this measurement

- **The bots are the bottleneck on two cores.** A packet costs a Node bot (send or receive, \`node:dgram\`) about as much CPU as it costs the
  worker to forward it, so on two cores the bots fall behind long before a worker reaches ${LIMITS.maxCpuPercent} % of its core, and under load sooner.
  The ramp then stops ("the bots fell behind": less than ${100 * BOTS_KEPT_UP} % of the clip's packets sent, or more than ${100 * MAX_LATE_SHARE} % of frames late) and the worker's capacity is the fitted line's
  extrapolation. To measure it directly on this machine class, the load itself should come from C++: a second mediasoup worker fanning one
  bot stream out to every call's send transport (pipe consumers keep the simulcast layers) and taking every consumer's stream into a sink
  producer (whose stats give the loss). On a machine with more cores the script reaches the limit as it is.
- **Plain transports**: no ICE, DTLS or SRTP, no RTCP feedback from receivers, no bandwidth estimation. A browser's WebRtcTransport adds that
  work in the worker, for ours and bare alike: absolute capacity with browsers is lower than here; the ratio is what this bench is for.
- Re-run on a quiet machine: \`npm run bench:capacity\` (about ${Math.ceil(BUDGET_MS / 60_000) + 1} min at most; \`-- --quick\` for a one-minute check
  that prints without writing this file; \`-- --minutes N --window S --max-calls N\` to change the budget).

## Steps

CPU: the worker's, per cent of one core, over the window; ⚠ over a limit; (bots): the bots fell behind, the step measured them, not the worker.
Loss: per cent of packets the receiving bots missed. µs/packet: worker CPU per RTP packet in or out.
Sent: the share of the clip's packet rate the bots managed to send (ours / bare); below ${100 * BOTS_KEPT_UP} % the bots, not the worker, were the bottleneck and the ramp stops.
Bots busy: the bot thread's event-loop utilisation (wall time, so it includes waiting for a core); late frames: sent more than 50 ms after their time
(more than ${100 * MAX_LATE_SHARE} % of a setup's frames late also counts as the bots falling behind: late frames leave in bursts that overflow socket buffers).

| calls | consumers | ours CPU % | ours loss % | ours µs/packet | bare CPU % | bare loss % | bare µs/packet | packets/s delivered | sent | bots busy | late frames |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
}

/**
 * The rest of the time budget: back down to the largest load where both setups were valid
 * and the bots kept up, and repeat A B B A there, one ratio per repetition.
 */
async function holdPhase(steps: Step<SetupName>[], open: number, setups: MediaSetup[], bots: Bots, started: number): Promise<Hold | undefined> {
  const calls = lastValidCalls(steps, SETUPS);
  if (calls === 0) return undefined;
  for (const setup of setups) {
    for (let i = calls; i < open; i++) setup.removeLastCall();
    await bots.request({ op: 'removeCalls', setup: setup.name, calls: open - calls });
  }
  const byName = (n: SetupName) => setups.find((s) => s.name === n)!;
  const hold: Hold = { calls, ratios: [], repetitions: 0 };
  let lastMs = 0;
  while (BUDGET_MS - (performance.now() - started) > lastMs * 1.2) {
    const t0 = performance.now();
    const [first, second] = hold.repetitions % 2 === 0 ? [byName('ours'), byName('bare')] : [byName('bare'), byName('ours')];
    const s = await measureStep(first, second, bots);
    hold.repetitions++;
    if (SETUPS.every((n) => !botsFellBehind(s[n]) && !overLimit(s[n]))) hold.ratios.push(s.bare.workerUsPerPacket / s.ours.workerUsPerPacket);
    console.log(`hold ${hold.repetitions} at ${calls} calls: ours ${s.ours.workerUsPerPacket.toFixed(1)} µs/packet, bare ${s.bare.workerUsPerPacket.toFixed(1)}`);
    lastMs = performance.now() - t0;
  }
  return hold;
}

function holdText(hold: Hold): string {
  const p = (q: number) => `${(100 * quantile(hold.ratios, q)).toFixed(0)} %`;
  return `median ${p(0.5)}, interquartile ${p(0.25)}–${p(0.75)} over ${hold.ratios.length} of ${hold.repetitions} repetitions`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = os.loadavg();
  console.log(`bench:capacity on ${machine()}; load ${loadBefore.map((l) => l.toFixed(1)).join(' ')}`);
  const { clip, dir, encoded } = await loadClip();
  console.log(`clip ${encoded ? 'encoded into' : 'from'} ${dir}`);

  const bots = new Bots({ clip, audioFrameMs: OPUS_FRAME_MS, videoFps: VIDEO_FPS });
  const setups: MediaSetup[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await bots.close();
      await Promise.all(setups.map((s) => s.close().catch(() => undefined)));
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`${signal}: closing workers and bots`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    setups.push(await startOurs(PORTS.ours), await startBare(PORTS.bare));
    const byName = (n: SetupName) => setups.find((s) => s.name === n)!;
    const steps: Step<SetupName>[] = [];
    let open = 0;
    let target = RAMP.start;
    let reason: StopReason | undefined;
    while (!reason) {
      const stepStarted = performance.now();
      for (; open < target; open++) await openCall(open, setups, bots);
      const [first, second] = steps.length % 2 === 0 ? [byName('ours'), byName('bare')] : [byName('bare'), byName('ours')];
      const samples = await measureStep(first, second, bots);
      const step = { calls: open, consumers: open * CONSUMERS_PER_CALL, samples };
      steps.push(step);
      console.log(stepLine(step));
      const now = performance.now();
      reason = stopReason(steps, SETUPS, { maxCalls: MAX_CALLS, timeLeftMs: BUDGET_MS - (now - started), lastStepMs: now - stepStarted });
      target = nextCalls(open, { ...RAMP, maxCalls: MAX_CALLS });
    }
    const hold = await holdPhase(steps, open, setups, bots, started);
    const run: Run = { steps, hold, reason, minutes: (performance.now() - started) / 60_000, loadBefore, loadAfter: os.loadavg(), clipEncodedNow: encoded };
    const sum = summary(run);
    console.log(`stopped: ${reason}`);
    for (const n of SETUPS) {
      const f = sum[n].fit;
      console.log(
        `${n}: carried ${sum[n].consumers} consumers (${sum[n].calls} calls)${sum[n].reachedLimit ? '' : ', limit not reached'}` +
          (f ? `; ${f.perConsumer.toFixed(3)} % of a core per consumer, line meets ${LIMITS.maxCpuPercent} % at ${Math.round(f.atLimit)} consumers` : ''),
      );
    }
    if (sum.ours.fit && sum.bare.fit) console.log(`ours/bare by fitted lines: ${(100 * (sum.ours.fit.atLimit / sum.bare.fit.atLimit)).toFixed(0)} %`);
    console.log(`ours/bare by CPU per packet, median of ${sum.paired.steps} ramp steps: ${(100 * sum.paired.ratio).toFixed(0)} %`);
    if (hold?.ratios.length) console.log(`ours/bare held at ${hold.calls} calls: ${holdText(hold)}`);
    if (!QUICK) {
      const file = path.join(REPO, 'docs/benchmarks/capacity.md');
      writeFileSync(file, report(run));
      console.log(`wrote ${path.relative(REPO, file)}`);
    }
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
