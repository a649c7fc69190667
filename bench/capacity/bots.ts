// The bench's call participants, on a worker thread of their own so that the UDP pump keeps
// time while the main thread talks to mediasoup. Each participant sends the cached clip
// (Opus with an audio level, VP8 in three simulcast layers) to its send transport and counts
// what its receive transport delivers. Only the setup being measured gets traffic: the other
// one's calls stay open and idle.
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { Clip } from './clip';
import {
  AUDIO_LEVEL_EXTENSION_BYTES,
  AUDIO_LEVEL_EXTENSION_ID,
  AUDIO_PT,
  VIDEO_PT,
  LossCounter,
  RTP_HEADER_BYTES,
  VP8_DESCRIPTOR_BYTES,
  vp8Chunks,
  writeRtpHeader,
  writeVp8Descriptor,
} from './rtp';

const TICK_MS = 4;
/** A frame sent this late means the bots, not the worker, are the bottleneck. */
const LATE_MS = 50;
/** Further behind than this, frames are skipped rather than sent in a burst. */
const SKIP_MS = 500;
const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

/** One participant's send side: where its transport listens, and the SSRCs it sends. */
export interface SenderSpec {
  port: number;
  audioSsrc: number;
  /** One per simulcast layer, lowest first. */
  videoSsrcs: number[];
  /** Start offset in the clip, so that calls do not send their key frames at the same instant. */
  phaseMs: number;
  /** Which half of the clip this participant talks in (the other one is silent then). */
  talksInHalf: 0 | 1;
}

export type BotRequest =
  | { op: 'openReceivers'; setup: string; count: number }
  | { op: 'addSenders'; setup: string; senders: SenderSpec[] }
  /** Drops the last `calls` calls' senders and receivers (each call: 2 senders, 2 receivers). */
  | { op: 'removeCalls'; setup: string; calls: number }
  | { op: 'activate'; setup: string | null }
  | { op: 'snapshot' }
  | { op: 'close' };

export interface SetupCounters {
  expected: number;
  received: number;
  packetsSent: number;
  /** Packets per second the setup's senders send when they keep the clip's pace. */
  nominalPps: number;
}

export interface BotSnapshot {
  setups: Record<string, SetupCounters>;
  /** Frames sent more than LATE_MS after their time, or skipped, since the last snapshot. */
  lateFrames: number;
  framesSent: number;
  /** Event-loop utilisation of the bot thread since the last snapshot (1 = saturated). */
  utilisation: number;
}

interface Stream {
  ssrc: number;
  /** Connected to the send transport's port: no address lookup per packet. */
  socket: dgram.Socket;
  /** Pre-cut packets per clip frame (one Opus packet, or the VP8 chunks of a frame). */
  frames: Buffer[][];
  intervalMs: number;
  timestampStep: number;
  phaseMs: number;
  audio?: { talksInHalf: 0 | 1 };
  startMs: number;
  frameCount: number;
  seq: number;
  timestampBase: number;
  pictureId: number;
}

interface Setup {
  senders: dgram.Socket[];
  receivers: dgram.Socket[];
  loss: LossCounter;
  streams: Stream[];
  packetsSent: number;
  nominalPps: number;
}

/** What the main thread hands over (structured clone: the Buffers arrive as Uint8Arrays). */
export interface BotData {
  clip: Clip;
  audioFrameMs: number;
  videoFps: number;
}

const { clip, audioFrameMs, videoFps } = workerData as BotData;
// Cut once, shared by every stream of that layer.
const audioFrames = clip.audio.map((p) => [Buffer.from(p)]);
const videoFrames = clip.video.map((layer) => layer.map((f) => vp8Chunks(Buffer.from(f.data))));

const setups = new Map<string, Setup>();
let active: Setup | undefined;
let lateFrames = 0;
let framesSent = 0;
let lastElu = performance.eventLoopUtilization();
let timer: NodeJS.Timeout | undefined;

function setupOf(name: string): Setup {
  let s = setups.get(name);
  if (!s) {
    s = { senders: [], receivers: [], loss: new LossCounter(), streams: [], packetsSent: 0, nominalPps: 0 };
    setups.set(name, s);
  }
  return s;
}

function random32(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

function sendFrame(setup: Setup, st: Stream): void {
  const index = st.frameCount % st.frames.length;
  const packets = st.frames[index]!;
  const timestamp = st.timestampBase + st.frameCount * st.timestampStep;
  if (st.audio) {
    const talking = index < st.frames.length / 2 === (st.audio.talksInHalf === 0);
    const header = Buffer.allocUnsafe(RTP_HEADER_BYTES + AUDIO_LEVEL_EXTENSION_BYTES);
    writeRtpHeader(header, 0, {
      payloadType: AUDIO_PT,
      sequenceNumber: st.seq++,
      timestamp,
      ssrc: st.ssrc,
      marker: false,
      audioLevel: { id: AUDIO_LEVEL_EXTENSION_ID, level: talking ? 25 : 127, voice: talking },
    });
    st.socket.send([header, packets[0]!]);
    setup.packetsSent++;
    return;
  }
  const pictureId = st.pictureId++;
  packets.forEach((chunk, i) => {
    const header = Buffer.allocUnsafe(RTP_HEADER_BYTES + VP8_DESCRIPTOR_BYTES);
    writeRtpHeader(header, 0, { payloadType: VIDEO_PT, sequenceNumber: st.seq++, timestamp, ssrc: st.ssrc, marker: i === packets.length - 1 });
    // Every frame is on temporal layer 0, so TL0PICIDX counts frames.
    writeVp8Descriptor(header, RTP_HEADER_BYTES, { start: i === 0, pictureId, tl0PicIdx: pictureId });
    st.socket.send([header, chunk]);
    setup.packetsSent++;
  });
}

function tick(): void {
  timer = setTimeout(tick, TICK_MS);
  const setup = active;
  if (!setup) return;
  const now = performance.now();
  for (const st of setup.streams) {
    for (;;) {
      const due = st.startMs + st.frameCount * st.intervalMs;
      if (due > now) break;
      if (now - due > SKIP_MS) {
        // Hopelessly behind: skip to now instead of bursting (and say so).
        const skipped = Math.floor((now - due) / st.intervalMs);
        st.frameCount += skipped;
        lateFrames += skipped;
        continue;
      }
      if (now - due > LATE_MS) lateFrames++;
      sendFrame(setup, st);
      st.frameCount++;
      framesSent++;
    }
  }
}

async function senderSocket(port: number): Promise<dgram.Socket> {
  const socket = dgram.createSocket({ type: 'udp4', sendBufferSize: SOCKET_BUFFER_BYTES });
  socket.on('message', () => {}); // RTCP (receiver reports, PLI) from the worker: read and dropped
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', () => resolve()));
  return socket;
}

const packetsPerSecond = (st: Stream) => st.frames.reduce((n, f) => n + f.length, 0) / ((st.frames.length * st.intervalMs) / 1000);

async function addSenders(setup: Setup, senders: SenderSpec[]): Promise<void> {
  for (const s of senders) {
    const socket = await senderSocket(s.port);
    setup.senders.push(socket);
    const common = { socket, phaseMs: s.phaseMs, startMs: 0, frameCount: 0, seq: random32() & 0xffff, timestampBase: random32() };
    setup.streams.push({
      ...common,
      ssrc: s.audioSsrc,
      frames: audioFrames,
      intervalMs: audioFrameMs,
      timestampStep: (48_000 * audioFrameMs) / 1000,
      audio: { talksInHalf: s.talksInHalf },
      pictureId: 0,
    });
    s.videoSsrcs.forEach((ssrc, layer) => {
      setup.streams.push({
        ...common,
        ssrc,
        frames: videoFrames[layer]!,
        intervalMs: 1000 / videoFps,
        timestampStep: 90_000 / videoFps,
        pictureId: random32() & 0x7fff,
      });
    });
  }
  setup.nominalPps = setup.streams.reduce((n, st) => n + packetsPerSecond(st), 0);
  if (setup === active) schedule(setup);
}

/** Lines every stream's clock up with now (plus its phase), carrying on its sequence numbers. */
function schedule(setup: Setup): void {
  const now = performance.now();
  for (const st of setup.streams) st.startMs = now + st.phaseMs - st.frameCount * st.intervalMs;
}

async function openReceivers(setup: Setup, count: number): Promise<number[]> {
  const sockets = await Promise.all(
    Array.from({ length: count }, () => {
      const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: SOCKET_BUFFER_BYTES });
      socket.on('message', (msg) => setup.loss.receive(msg));
      return new Promise<dgram.Socket>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
    }),
  );
  setup.receivers.push(...sockets);
  return sockets.map((s) => s.address().port);
}

/** Streams per sender: audio plus one per simulcast layer. */
const streamsPerSender = () => 1 + videoFrames.length;

function removeCalls(setup: Setup, calls: number): void {
  if (calls <= 0) return;
  const senders = setup.senders.splice(-2 * calls);
  setup.streams.splice(-2 * calls * streamsPerSender());
  for (const socket of [...senders, ...setup.receivers.splice(-2 * calls)]) socket.close();
  setup.nominalPps = setup.streams.reduce((n, st) => n + packetsPerSecond(st), 0);
}

function snapshot(): BotSnapshot {
  const elu = performance.eventLoopUtilization(lastElu);
  lastElu = performance.eventLoopUtilization();
  const out: BotSnapshot = { setups: {}, lateFrames, framesSent, utilisation: elu.utilization };
  for (const [name, s] of setups) out.setups[name] = { ...s.loss.totals(), packetsSent: s.packetsSent, nominalPps: s.nominalPps };
  lateFrames = 0;
  framesSent = 0;
  return out;
}

function close(): void {
  if (timer) clearTimeout(timer);
  for (const s of setups.values()) {
    for (const socket of [...s.senders, ...s.receivers]) socket.close();
  }
  setups.clear();
}

async function handle(req: BotRequest): Promise<unknown> {
  switch (req.op) {
    case 'openReceivers':
      return openReceivers(setupOf(req.setup), req.count);
    case 'addSenders':
      await addSenders(setupOf(req.setup), req.senders);
      return null;
    case 'removeCalls':
      removeCalls(setupOf(req.setup), req.calls);
      return null;
    case 'activate':
      active = req.setup === null ? undefined : setupOf(req.setup);
      if (active) schedule(active);
      return null;
    case 'snapshot':
      return snapshot();
    case 'close':
      close();
      return null;
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (msg: { id: number; req: BotRequest }) => {
    handle(msg.req).then(
      (result) => port.postMessage({ id: msg.id, result }),
      (error: unknown) => port.postMessage({ id: msg.id, error: String(error) }),
    );
  });
  tick();
}
