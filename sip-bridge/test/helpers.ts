import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { pino } from 'pino';
import { Sfu, type MediaRoom } from '@videoloket/sfu';
import { SipBridge, type SipBridgeOptions } from '../src';
import { OpusCodec } from '../src/media/codecs';
import { isRtp, payloadOffset } from '../src/media/rtp';
import type { Pcm } from './audio';

// Real parts only: a real Sfu (mediasoup worker), ffmpeg as a participant
// speaking Opus RTP into the room, a UDP socket counting what the room
// forwards of the phone's voice.

export const logger = pino({ level: process.env.SIP_TEST_LOG ?? 'warn' });

export async function startSfu(options: { logger?: typeof logger } = {}): Promise<Sfu> {
  const sfu = new Sfu({
    workerCount: 1,
    listenIp: '127.0.0.1',
    udpBasePort: 0,
    tcpBasePort: 0,
    rtcPortRange: { min: 20000, max: 29999 },
    logger: options.logger ?? logger,
  });
  await sfu.start();
  return sfu;
}

export async function startBridge(options: Partial<SipBridgeOptions> = {}): Promise<SipBridge> {
  const bridge = new SipBridge(
    { port: 0, rtpPortMin: 41000, rtpPortMax: 41999, dialAllow: '^sip:[a-z0-9]+@127\\.0\\.0\\.1:\\d+$', ...options },
    logger,
  );
  await bridge.start();
  return bridge;
}

const OPUS_PT = 101;

/** A participant (e.g. "clerk") speaking a sine tone into the room over a PlainTransport, via ffmpeg. */
export async function toneParticipant(room: MediaRoom, peerId: string, frequency = 660): Promise<{ producerId: string; stop: () => void }> {
  const ssrc = 22_334_455 + frequency;
  const send = await room.createPlainTransport(peerId, { direction: 'send' });
  const producer = await room.produce(peerId, send.id, {
    kind: 'audio',
    source: 'microphone',
    rtpParameters: {
      codecs: [{ mimeType: 'audio/opus', clockRate: 48000, payloadType: OPUS_PT, channels: 2, rtcpFeedback: [] }],
      encodings: [{ ssrc }],
    },
  });
  // ffmpeg sends an RTCP SR before its first RTP packet, from another source
  // port; a comedia transport would latch onto that port and drop the RTP.
  // So its RTCP goes to a throwaway socket instead.
  const rtcpSink = dgram.createSocket('udp4');
  await new Promise<void>((r) => rtcpSink.bind(0, '127.0.0.1', r));
  const child: ChildProcess = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-nostdin', '-re',
      '-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=48000`, '-t', '60',
      '-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-b:a', '32k',
      '-payload_type', String(OPUS_PT), '-ssrc', String(ssrc),
      '-f', 'rtp', `rtp://127.0.0.1:${send.port}?rtcpport=${rtcpSink.address().port}&pkt_size=1200`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let stopped = false;
  return {
    producerId: producer.id,
    stop: () => {
      if (stopped) return;
      if (child.exitCode === null) child.kill('SIGKILL');
      rtcpSink.close();
      stopped = true;
    },
  };
}

/**
 * Another participant that listens to `producerId` over a PlainTransport: counts RTP packets
 * and decodes the Opus it receives (at 8 kHz), so tests can check what it heard.
 */
export async function listener(
  room: MediaRoom,
  peerId: string,
  producerId: string,
): Promise<{ packets: () => number; heard: () => Pcm; close: () => void }> {
  const socket = dgram.createSocket('udp4');
  const decoder = new OpusCodec(8000);
  const decoded: Int16Array[] = [];
  let count = 0;
  socket.on('message', (msg) => {
    if (!isRtp(msg)) return;
    count++;
    try {
      decoded.push(decoder.decode(msg.subarray(payloadOffset(msg))));
    } catch {
      // a packet the decoder refuses counts, but adds no audio
    }
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const recv = await room.createPlainTransport(peerId, { direction: 'recv' });
  await room.connectPlainTransport(peerId, recv.id, { ip: '127.0.0.1', port: socket.address().port });
  const consumer = await room.consume(peerId, producerId, room.rtpCapabilities);
  await room.resumeConsumer(peerId, consumer.id);
  return {
    packets: () => count,
    heard: () => {
      const samples = new Float32Array(decoded.reduce((n, d) => n + d.length, 0));
      let at = 0;
      for (const d of decoded) for (const v of d) samples[at++] = v / 32768;
      return { rate: 8000, samples };
    },
    close: () => {
      socket.close();
      decoder.close();
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
