import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { pino } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { Sfu, type SfuOptions } from '../src';

// Shared by the integration tests: a real Sfu on real workers, ffmpeg as an
// RTP source, a UDP socket as an RTP sink. No mocks.

export const OPUS_PT = 101;

/** Plain transport options for a transport ffmpegOpus() sends into. */
export const FFMPEG_SOURCE = { direction: 'send', rtcpMux: false } as const;

export async function startSfu(options: SfuOptions = {}): Promise<Sfu> {
  const sfu = new Sfu({
    workerCount: 2,
    listenIp: '127.0.0.1',
    // 0: each WebRtcServer gets free ports from rtcPortRange, so parallel
    // test files never collide.
    udpBasePort: 0,
    tcpBasePort: 0,
    rtcPortRange: { min: 20000, max: 29999 },
    logger: pino({ level: 'warn' }),
    ...options,
  });
  await sfu.start();
  return sfu;
}

/**
 * Sends a sine tone as Opus RTP to 127.0.0.1:port, RTCP to rtcpPort, until
 * killed. ffmpeg sends RTCP from a different local port than RTP, so with a
 * comedia transport RTCP must not be muxed: the transport would lock onto
 * whichever source port it heard first (ffmpeg's first packet is an RTCP SR).
 */
export function ffmpegOpus(
  target: { port: number; rtcpPort?: number },
  ssrc: number,
  srtpKeyBase64?: string,
): ChildProcess {
  const { port, rtcpPort } = target;
  // SRTP via ffmpeg's own libsrtp-independent implementation (libavformat/srtp.c).
  const srtp = srtpKeyBase64 ? ['-srtp_out_suite', 'AES_CM_128_HMAC_SHA1_80', '-srtp_out_params', srtpKeyBase64] : [];
  if (rtcpPort === undefined) throw new Error('ffmpegOpus needs a transport created with rtcpMux: false');
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', '60',
      '-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-b:a', '48k',
      '-payload_type', String(OPUS_PT), '-ssrc', String(ssrc),
      '-f', 'rtp', ...srtp,
      `${srtpKeyBase64 ? 'srtp' : 'rtp'}://127.0.0.1:${port}?rtcpport=${rtcpPort}&pkt_size=1200`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => process.stderr.write(`[ffmpeg] ${d}`));
  return child;
}

/** What a plain-RTP producer fed by ffmpegOpus() declares. */
export function opusRtpParameters(ssrc: number) {
  return {
    codecs: [{ mimeType: 'audio/opus', clockRate: 48000, payloadType: OPUS_PT, channels: 2, rtcpFeedback: [] }],
    encodings: [{ ssrc }],
  };
}

export interface RtpSink {
  port: number;
  packets: () => number;
  close: () => void;
}

/** A UDP socket counting the RTP packets it receives. */
export async function rtpSink(): Promise<RtpSink> {
  const socket = dgram.createSocket('udp4');
  let count = 0;
  socket.on('message', (msg) => {
    // RTP version 2 and not RTCP (payload types 200–204 with the marker bit).
    if (msg.length >= 12 && msg[0]! >> 6 === 2 && !(msg[1]! >= 200 && msg[1]! <= 204)) count++;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, packets: () => count, close: () => socket.close() };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function stop(child: ChildProcess | undefined): void {
  if (child && child.exitCode === null) child.kill('SIGKILL');
}

/**
 * A base port such that base … base+count-1 are free for both UDP and TCP on
 * 127.0.0.1 right now, for the tests that need fixed ports. Probed by binding,
 * so parallel test files (and other software) do not collide with us.
 */
export async function freePortRange(count: number): Promise<number> {
  const tryUdp = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = dgram.createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  const tryTcp = (port: number) =>
    new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 30000 + Math.floor(Math.random() * 9000);
    let ok = true;
    for (let p = base; ok && p < base + count; p++) ok = (await tryUdp(p)) && (await tryTcp(p));
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

/**
 * For each test a fresh Sfu; after the test, the ffmpeg sources and RTP sinks it opened through
 * here are stopped and the Sfu closed. Call once at the top of a test file.
 */
export function sfuPerTest(options: SfuOptions) {
  let sfu: Sfu | undefined;
  const sources: ChildProcess[] = [];
  const sinks: RtpSink[] = [];
  beforeEach(async () => {
    sfu = await startSfu(options);
  });
  afterEach(async () => {
    for (const source of sources.splice(0)) stop(source);
    for (const sink of sinks.splice(0)) sink.close();
    await sfu?.close();
  });
  return {
    get sfu(): Sfu {
      if (!sfu) throw new Error('the Sfu exists inside tests only');
      return sfu;
    },
    ffmpegOpus(...args: Parameters<typeof ffmpegOpus>): ChildProcess {
      const source = ffmpegOpus(...args);
      sources.push(source);
      return source;
    },
    async rtpSink(): Promise<RtpSink> {
      const sink = await rtpSink();
      sinks.push(sink);
      return sink;
    },
  };
}
